import {
  AgentListResponse,
  AgentPresenceRequest,
  AgentPresenceResponse,
  wellFormed,
} from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { requireTenant } from '../../http/auth.ts';
import { jsonBody } from '../../http/body.ts';
import {
  API_KEY,
  component,
  errors,
  json,
  jsonBodyOf,
  routeApp,
  tenantErrors,
} from '../../openapi/declare.ts';
import { listAgents, PRESENCE_OFFLINE_SECONDS } from '../../telephony/presence.ts';

const AgentIdParams = z.object({
  agentId: wellFormed(z.string().min(1).max(200)).meta({
    param: { description: 'The agent id the ribbon was given (`agent.id` in `init`)' },
  }),
});

const setAgentPresence = createRoute({
  method: 'put',
  path: '/agents/{agentId}/presence',
  operationId: 'setAgentPresence',
  tags: ['Telephony'],
  summary: 'Register an agent and set their status (also the ribbon’s heartbeat)',
  description: `The ribbon calls this when it starts, when the agent changes status, and every 30 s as a heartbeat. A ribbon silent for ${PRESENCE_OFFLINE_SECONDS} s is listed offline; while a live call carries the agent's id the agent is listed \`on-call\`.`,
  security: API_KEY,
  request: {
    params: AgentIdParams,
    body: jsonBodyOf(component('AgentPresenceRequest', AgentPresenceRequest), {
      required: true,
      description: 'The status the agent chose, and their name',
    }),
  },
  responses: {
    200: json('The agent as now listed', component('AgentPresenceResponse', AgentPresenceResponse)),
    ...errors(400, 413, 415),
    ...tenantErrors(),
  },
});

const listAgentPresence = createRoute({
  method: 'get',
  path: '/agents',
  operationId: 'listAgents',
  tags: ['Telephony'],
  summary: 'Agents with their status and current call',
  description:
    'Every agent a ribbon has registered, by agent id: `available`, `busy` or `away` as chosen, `on-call` while a live call carries their id, `offline` when their ribbon has been silent too long.',
  security: API_KEY,
  responses: {
    200: json('The agents', component('AgentListResponse', AgentListResponse)),
    ...tenantErrors(),
  },
});

/** `PUT /api/ribbon/agents/:agentId/presence` and `GET /api/ribbon/agents`, mounted under `/api/ribbon`. */
export const agentRoutes = (deps: AppDeps) =>
  routeApp()
    .openapi({ ...setAgentPresence, middleware: [requireTenant(deps), jsonBody()] }, async (c) => {
      const tenantId = c.var.tenant.id;
      const { agentId } = c.req.valid('param');
      const input = c.req.valid('json');
      await deps.stores.presence.set(tenantId, agentId, input, deps.clock());
      const agent = (await listAgents(deps, tenantId)).find((listed) => listed.agentId === agentId);
      if (!agent) throw new Error(`Agent ${agentId} was saved but is not listed`);
      const body: AgentPresenceResponse = { agent };
      return c.json(body, 200);
    })
    .openapi({ ...listAgentPresence, middleware: [requireTenant(deps)] }, async (c) => {
      const body: AgentListResponse = {
        agents: await listAgents(deps, c.var.tenant.id),
        offlineAfterSeconds: PRESENCE_OFFLINE_SECONDS,
      };
      return c.json(body, 200);
    });
