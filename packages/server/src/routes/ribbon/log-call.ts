import {
  CallEvent,
  LogCallRequest,
  LogCallResponse,
  MAX_EVENTS_PER_BATCH,
  type RejectedEvent,
} from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { tenantForKey } from '../../http/auth.ts';
import { nulPath, nulProblem, readJson } from '../../http/body.ts';
import { describeZodError, HttpError } from '../../http/errors.ts';
import { publishCallEvents } from '../../live/publish.ts';
import { API_KEY_OR_BODY, component, documentedOnly, errors, json, routeApp } from '../../openapi/declare.ts';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Splits a log-call body into valid events and rejections; a body of the wrong shape is a 400. */
export const parseLogCallBody = (body: unknown): { events: CallEvent[]; rejected: RejectedEvent[] } => {
  if (!isRecord(body)) throw new HttpError(400, 'Invalid body: expected a call event or { events: [...] }');
  if (!('events' in body)) {
    const parsed = CallEvent.safeParse(body);
    if (!parsed.success) throw new HttpError(400, `Invalid event: ${describeZodError(parsed.error)}`);
    const nul = nulPath(parsed.data);
    if (nul !== undefined) throw new HttpError(400, `Invalid event: ${nulProblem(nul)}`);
    return { events: [parsed.data], rejected: [] };
  }
  const { events } = body;
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_BATCH) {
    throw new HttpError(
      400,
      `Invalid body: events: expected an array of 1 to ${MAX_EVENTS_PER_BATCH} call events`,
    );
  }
  const valid: CallEvent[] = [];
  const rejected: RejectedEvent[] = [];
  events.forEach((event: unknown, index) => {
    const parsed = CallEvent.safeParse(event);
    const nul = parsed.success ? nulPath(parsed.data) : undefined;
    if (parsed.success && nul === undefined) valid.push(parsed.data);
    else {
      const eventId = isRecord(event) && typeof event.eventId === 'string' ? event.eventId : null;
      const message = parsed.success ? nulProblem(nul!) : describeZodError(parsed.error);
      rejected.push({ index, eventId, message });
    }
  });
  return { events: valid, rejected };
};

const logCallBody = documentedOnly(LogCallRequest);
const unloadBody = documentedOnly(
  LogCallRequest.and(
    z.object({ apiKey: z.string().meta({ description: 'The API key, as no header can be sent' }) }),
  ).meta({ description: 'The same JSON, with the key as `apiKey` (an unload flush)' }),
);

const logCall = createRoute({
  method: 'post',
  path: '/log-call',
  operationId: 'logCall',
  tags: ['Call logs'],
  summary: 'Record call events (one, or a batch of up to 500)',
  description:
    'Idempotent by `eventId`: a repeated event is counted in `duplicates` and changes nothing. Each event of a batch is validated on its own: valid events are stored even when others are rejected (listed in `rejected` with their index). An unload flush sends the batch as a `text/plain` body (a CORS simple request, which cannot carry `X-API-Key`) with the key as `apiKey` in the JSON. Malformed JSON is a 400.',
  security: API_KEY_OR_BODY,
  request: {
    body: {
      required: true,
      description: 'One call event, or `{ events: [...] }`',
      content: {
        'application/json': { schema: logCallBody },
        'text/plain': { schema: unloadBody },
      },
    },
  },
  responses: {
    200: json('What was stored, repeated and rejected', component('LogCallResponse', LogCallResponse)),
    ...errors(400, 401, 403, 413),
  },
});

/** `POST /api/ribbon/log-call`, mounted under `/api/ribbon`. */
export const logCallRoutes = (deps: AppDeps) =>
  routeApp().openapi(logCall, async (c) => {
    const { stores } = deps;
    const headerKey = c.req.header('x-api-key');
    // With a header, authenticate before reading the body; the unload path (a text/plain
    // simple request, no custom header) carries the key as `apiKey` in the body instead.
    let tenant = headerKey ? await tenantForKey(c, stores.tenants, headerKey) : undefined;
    const body = await readJson(c, { keepNul: true });
    if (!tenant) {
      const bodyKey = isRecord(body) && typeof body.apiKey === 'string' ? body.apiKey : undefined;
      tenant = await tenantForKey(c, stores.tenants, bodyKey);
    }
    const { events, rejected } = parseLogCallBody(body);
    const result =
      events.length > 0
        ? await deps.ingest({ tenantId: tenant.id, events, receivedAt: deps.clock() })
        : { accepted: 0, duplicates: 0 };
    if (result.accepted > 0) await publishCallEvents(deps.live, stores.calls, tenant.id, events);
    const response: LogCallResponse = { accepted: result.accepted, duplicates: result.duplicates, rejected };
    return c.json(response, 200);
  });
