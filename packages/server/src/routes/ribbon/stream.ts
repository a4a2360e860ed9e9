import { createRoute } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { requireTenant, tenantForKey } from '../../http/auth.ts';
import { assertOriginAllowed } from '../../http/cors.ts';
import { HttpError } from '../../http/errors.ts';
import type { LiveEvent } from '../../live/hub.ts';
import { API_KEY, component, json, routeApp, tenantErrors } from '../../openapi/declare.ts';
import type { Tenant } from '../../stores/index.ts';

const StreamTokenResponse = component(
  'StreamTokenResponse',
  z.object({
    token: z.string().meta({ description: 'Pass as `?token=` to `GET /api/ribbon/stream`' }),
    expiresAt: z.iso.datetime(),
  }),
);

const issueStreamToken = createRoute({
  method: 'post',
  path: '/stream/token',
  operationId: 'issueStreamToken',
  tags: ['Live'],
  summary: 'A short-lived token for EventSource, which cannot send headers',
  description: 'The token names the client and expires soon; ask for a new one to reconnect after it has.',
  security: API_KEY,
  responses: {
    200: json('The token', StreamTokenResponse),
    ...tenantErrors(),
  },
});

const liveStream = createRoute({
  method: 'get',
  path: '/stream',
  operationId: 'liveStream',
  tags: ['Live'],
  summary: 'The client’s call events as server-sent events',
  description:
    'Authenticated by `X-API-Key` or by `?token=` from `POST /api/ribbon/stream/token`. Starts with `ready`, then one `call` event per stored call event; resumes after `Last-Event-ID` (header or `?lastEventId=`), or sends `resync` when those events are no longer held. A comment line every heartbeat keeps proxies from closing it.',
  security: [...API_KEY, { StreamToken: [] }],
  request: {
    query: z.object({
      lastEventId: z
        .string()
        .optional()
        .meta({ description: 'Resume after this event (or the Last-Event-ID header)' }),
    }),
  },
  responses: {
    200: {
      description: 'An endless event stream',
      content: {
        'text/event-stream': { schema: { type: 'string', description: '`ready`, `call` events, `resync`' } },
      },
    },
    ...tenantErrors(),
  },
});

/**
 * `GET /api/ribbon/stream`: the tenant's call events as server-sent events. Authenticated
 * by `X-API-Key` (read it with fetch) or by `?token=` from `POST /api/ribbon/stream/token`
 * (for EventSource, which sends no headers). Resumes after `Last-Event-ID`.
 */
export const streamRoutes = (deps: AppDeps) => {
  const { live: hub, streamTokens: tokens, heartbeatMs, stores } = deps;
  return routeApp()
    .openapi({ ...issueStreamToken, middleware: [requireTenant(deps)] }, (c) =>
      c.json(tokens.issue(c.var.tenant.id, deps.clock()), 200),
    )
    .openapi(liveStream, async (c) => {
      const token = c.req.query('token');
      let tenant: Tenant | undefined;
      if (token !== undefined && c.req.header('x-api-key') === undefined) {
        const tenantId = tokens.verify(token, deps.clock());
        tenant = tenantId === undefined ? undefined : await stores.tenants.get(tenantId);
        if (!tenant) throw new HttpError(401, 'Invalid or expired stream token: ask for a new one');
        assertOriginAllowed(c, tenant);
      } else {
        tenant = await tenantForKey(c, stores.tenants, c.req.header('x-api-key'));
      }
      const tenantId = tenant.id;
      const lastEventId = c.req.header('last-event-id') ?? c.req.valid('query').lastEventId;

      return streamSSE(c, async (stream) => {
        const pending: LiveEvent[] = [];
        let wake: (() => void) | undefined;
        let closed = false;
        // Subscribe before replaying so nothing published in between is missed.
        const unsubscribe = hub.subscribe(tenantId, (event) => {
          pending.push(event);
          wake?.();
        });
        stream.onAbort(() => {
          closed = true;
          unsubscribe();
          wake?.();
        });

        let sentSeq = 0;
        const send = async (event: LiveEvent) => {
          if (event.seq <= sentSeq) return;
          sentSeq = event.seq;
          await stream.writeSSE({ id: event.id, event: event.type, data: JSON.stringify(event.data) });
        };

        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ heartbeatMs }), retry: 3000 });
        if (lastEventId !== undefined) {
          const resumed = hub.resume(tenantId, lastEventId);
          if (resumed.kind === 'resync') {
            await stream.writeSSE({
              event: 'resync',
              data: JSON.stringify({
                reason: 'Events since Last-Event-ID are no longer held: refetch active calls',
              }),
            });
          } else {
            for (const event of resumed.events) await send(event);
          }
        }

        while (!closed) {
          if (pending.length === 0) {
            let timer: NodeJS.Timeout | undefined;
            const woken = await new Promise<boolean>((resolve) => {
              wake = () => resolve(true);
              timer = setTimeout(() => resolve(false), heartbeatMs);
            });
            clearTimeout(timer);
            wake = undefined;
            if (!woken && !closed) await stream.write(': heartbeat\n\n');
            continue;
          }
          await send(pending.shift()!);
        }
      });
    });
};
