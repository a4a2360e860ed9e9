import {
  CallEvent,
  type LogCallResponse,
  MAX_EVENTS_PER_BATCH,
  type RejectedEvent,
} from '@call-ribbon/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { tenantForKey } from '../../http/auth.ts';
import { describeZodError, HttpError } from '../../http/errors.ts';
import { readJson } from '../../http/validate.ts';
import { publishCallEvents } from '../../live/publish.ts';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Splits a log-call body into valid events and rejections; a body of the wrong shape is a 400. */
export const parseLogCallBody = (body: unknown): { events: CallEvent[]; rejected: RejectedEvent[] } => {
  if (!isRecord(body)) throw new HttpError(400, 'Invalid body: expected a call event or { events: [...] }');
  if (!('events' in body)) {
    const parsed = CallEvent.safeParse(body);
    if (!parsed.success) throw new HttpError(400, `Invalid event: ${describeZodError(parsed.error)}`);
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
    if (parsed.success) valid.push(parsed.data);
    else {
      const eventId = isRecord(event) && typeof event.eventId === 'string' ? event.eventId : null;
      rejected.push({ index, eventId, message: describeZodError(parsed.error) });
    }
  });
  return { events: valid, rejected };
};

/** `POST /api/ribbon/log-call`, mounted under `/api/ribbon`. */
export const logCallRoutes = () =>
  new Hono<AppEnv>().post('/log-call', async (c) => {
    const headerKey = c.req.header('x-api-key');
    // With a header, authenticate before reading the body; the unload path (a text/plain
    // simple request, no custom header) carries the key as `apiKey` in the body instead.
    let tenant = headerKey ? tenantForKey(c, headerKey) : undefined;
    const body = await readJson(c);
    if (!tenant) {
      const bodyKey = isRecord(body) && typeof body.apiKey === 'string' ? body.apiKey : undefined;
      tenant = tenantForKey(c, bodyKey);
    }
    const { events, rejected } = parseLogCallBody(body);
    const result =
      events.length > 0
        ? await c.var.stores.calls.ingestSoon(tenant.id, events, c.var.deps.clock())
        : { accepted: 0, duplicates: 0 };
    if (result.accepted > 0) publishCallEvents(c.var.deps.live, c.var.stores.calls, tenant.id, events);
    const response: LogCallResponse = { ...result, rejected };
    return c.json(response);
  });
