import { PassthruResponse } from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-deps.ts';
import { HttpError } from '../http/errors.ts';
import { component, errors, json, NO_AUTH, pathParam, routeApp } from '../openapi/declare.ts';
import { CallbackFormatError } from '../telephony/exotel-callback.ts';
import {
  answerDialWhom,
  applyPassthru,
  type ExotelFlowRequest,
  parseFlowRequest,
} from '../telephony/inbound.ts';

const SecretParams = z.object({
  secret: pathParam('The client’s webhook secret, the same as in its status callback address'),
});

/** Exotel's query parameters, documented; the handler reads them without regard to case. */
const FlowQuery = z.object({
  CallSid: z.string().optional().meta({ description: 'Exotel’s call id (required)' }),
  CallFrom: z.string().optional().meta({ description: 'The caller’s number' }),
  CallTo: z.string().optional().meta({ description: 'The ExoPhone the call landed on' }),
  Direction: z.string().optional().meta({ description: '`incoming`' }),
  Created: z.string().optional().meta({ description: 'IST, `YYYY-MM-DD HH:mm:ss`' }),
  StartTime: z.string().optional().meta({ description: 'IST, `YYYY-MM-DD HH:mm:ss`' }),
  CurrentTime: z.string().optional().meta({ description: 'IST: when Exotel sent the request' }),
  DialCallDuration: z
    .string()
    .optional()
    .meta({ description: 'Seconds from dialling the agent to the end, ring included' }),
  CallType: z
    .string()
    .optional()
    .meta({ description: '`call-attempt`, `completed`, `client-hangup`, `incomplete` or `voicemail`' }),
  DialWhomNumber: z.string().optional().meta({ description: 'The agent’s number dialled last' }),
  RecordingUrl: z.string().optional().meta({ description: 'The recording (kept only when http(s))' }),
  digits: z.string().optional().meta({ description: 'Keys pressed in a Gather applet, in double quotes' }),
  CustomField: z.string().optional(),
});

const exotelPassthru = createRoute({
  method: 'get',
  path: '/exotel/{secret}/passthru',
  operationId: 'exotelPassthru',
  tags: ['Telephony'],
  summary: 'Exotel Passthru applet: an inbound call and, after the Connect applet, its outcome',
  description:
    'Before the Connect applet (`CallType=call-attempt`): logs `incoming` with the customer found by the caller’s number, pushed on the live stream. After it: `connected` + `callEnded` (`completed`; talk time = `DialCallDuration`, agent from `DialWhomNumber`, recording) or `missed` (`incomplete`, `client-hangup`, `voicemail`). Event ids are made of the CallSid and the kind, so a repeated, late or out-of-order request stores nothing twice. Always 200 for a known secret (sync mode takes the 200 branch); unknown secret 404; no CallSid 400.',
  security: NO_AUTH,
  request: { params: SecretParams, query: FlowQuery },
  responses: {
    200: json('What the request stored', component('PassthruResponse', PassthruResponse)),
    ...errors(400, 404),
  },
});

/** Exotel's Programmable Connect answer, as documented by Exotel. */
const DialWhomAnswer = z.object({
  fetch_after_attempt: z.boolean(),
  destination: z.object({ numbers: z.array(z.string()) }),
  outgoing_phone_number: z.string(),
  record: z.boolean(),
  recording_channels: z.string(),
  max_ringing_duration: z.int(),
  max_conversation_duration: z.int(),
  parallel_ringing: z.object({ activate: z.boolean(), max_parallel_attempts: z.int() }),
});

const exotelDialWhom = createRoute({
  method: 'get',
  path: '/exotel/{secret}/dial-whom',
  operationId: 'exotelDialWhom',
  tags: ['Telephony'],
  summary: 'Exotel Connect applet (dynamic URL): whom to ring',
  description:
    'Answers Exotel’s Programmable Connect JSON: the customer’s owner (a lead’s owner, an account’s CSM or a deal’s rep whose rep record names an agent) first when available, then the other available agents, longest available first, rung one after the other; never away, busy, on-call or offline agents (an empty list when nobody is available). Logs the call’s `incoming` (once) and a `ringing` event whose `metadata.ringingAgents` lists the agents rung, pushed on the live stream.',
  security: NO_AUTH,
  request: { params: SecretParams, query: FlowQuery },
  responses: {
    200: json('The numbers Exotel should ring', component('ExotelDialWhomAnswer', DialWhomAnswer)),
    ...errors(400, 404),
  },
});

/** The tenant behind the secret, and the request read from Exotel's parameters. */
const flowRequestOf = async (deps: AppDeps, c: Context<AppEnv>, secret: string) => {
  const owner = await deps.stores.telephony.bySecret(secret);
  if (!owner) throw new HttpError(404, 'Unknown webhook address');
  let request: ExotelFlowRequest;
  try {
    request = parseFlowRequest(c.req.query());
  } catch (error) {
    if (error instanceof CallbackFormatError) throw new HttpError(400, error.message);
    throw error;
  }
  return { ...owner, request };
};

/** `GET /api/webhooks/exotel/:secret/passthru` and `.../dial-whom`: Exotel's call-flow requests. */
export const inboundWebhookRoutes = (deps: AppDeps) =>
  routeApp()
    .openapi(exotelPassthru, async (c) => {
      const { tenantId, settings, request } = await flowRequestOf(deps, c, c.req.valid('param').secret);
      const body: PassthruResponse = await applyPassthru(deps, tenantId, settings, request);
      return c.json(body, 200);
    })
    .openapi(exotelDialWhom, async (c) => {
      const { tenantId, settings, request } = await flowRequestOf(deps, c, c.req.valid('param').secret);
      const { answer } = await answerDialWhom(deps, tenantId, settings, request);
      return c.json(answer, 200);
    });
