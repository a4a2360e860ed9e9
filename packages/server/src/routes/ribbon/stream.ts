import { createRoute } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { requireTenant, tenantForKey } from '../../http/auth.ts';
import { assertOriginAllowed } from '../../http/cors.ts';
import { HttpError } from '../../http/errors.ts';
import type { LiveMessage } from '../../live/hub.ts';
import { API_KEY, component, ErrorBodySchema, json, routeApp, tenantErrors } from '../../openapi/declare.ts';
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
  description:
    'The token names the client and expires soon; ask for a new one to reconnect after it has. Every server instance accepts it; rotating the key voids it.',
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
    'Authenticated by `X-API-Key` or by `?token=` from `POST /api/ribbon/stream/token`. Starts with `ready`, then one `call` event per run of stored events of one call, whose id is the database sequence number of its newest event; resumes after `Last-Event-ID` (header or `?lastEventId=`) on any server instance, or sends `resync` when those events cannot be replayed. A comment line every heartbeat keeps proxies from closing it. The stream ends when the key is rotated and after at most `STREAM_MAX_SECONDS` (the client reconnects); a key may hold `STREAM_MAX_PER_KEY` streams per server instance, beyond that 429.',
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
    429: {
      description: 'This key already holds the most streams allowed',
      headers: {
        'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
      },
      content: { 'application/json': { schema: ErrorBodySchema } },
    },
  },
});

/** Messages one stream may hold unsent; a client that reads slower is cut off and resumes. */
const MAX_PENDING_MESSAGES = 1000;

/** The sequence number a `Last-Event-ID` names, or undefined when it is not one of ours. */
const sequenceOf = (lastEventId: string): number | undefined => {
  const trimmed = lastEventId.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return undefined;
  return Number(trimmed);
};

const encoder = new TextEncoder();

/**
 * A `call` message as server-sent-event bytes, as Hono's `writeSSE` would frame it (the JSON
 * holds no raw line break, so `data` is one line): the events the stream has not sent yet.
 */
const frameOf = (message: LiveMessage, sentSeq: number): Uint8Array => {
  const data = JSON.stringify({
    callId: message.callId,
    call: message.call,
    events: message.events.filter((stored) => stored.seq > sentSeq).map((stored) => stored.event),
  });
  return encoder.encode(`event: call\ndata: ${data}\nid: ${message.seq}\n\n`);
};

/**
 * The hub hands one message object to every stream of the tenant: a stream that has sent none
 * of its events sends the same bytes as the others, so they are made once, not per stream.
 */
const wholeFrames = new WeakMap<LiveMessage, Uint8Array>();
const callMessage = (message: LiveMessage, sentSeq: number): Uint8Array => {
  if (!message.events.every((stored) => stored.seq > sentSeq)) return frameOf(message, sentSeq);
  let frame = wholeFrames.get(message);
  if (!frame) {
    frame = frameOf(message, sentSeq);
    wholeFrames.set(message, frame);
  }
  return frame;
};

/**
 * `GET /api/ribbon/stream`: the tenant's call events as server-sent events. Authenticated
 * by `X-API-Key` (read it with fetch) or by `?token=` from `POST /api/ribbon/stream/token`
 * (for EventSource, which sends no headers). Resumes after `Last-Event-ID` from the database;
 * ends when the key is rotated and after `maxMs`; at most `perKey` streams per key here.
 */
export const streamRoutes = (deps: AppDeps) => {
  const { live: hub, streamTokens: tokens, heartbeatMs, stores, streamLimits: limits } = deps;
  return routeApp()
    .openapi({ ...issueStreamToken, middleware: [requireTenant(deps)] }, (c) =>
      c.json(tokens.issue(c.var.tenant, deps.clock()), 200),
    )
    .openapi(liveStream, async (c) => {
      const token = c.req.query('token');
      let tenant: Tenant | undefined;
      let keyVersion: number;
      if (token !== undefined && c.req.header('x-api-key') === undefined) {
        const claims = tokens.verify(token, deps.clock());
        tenant = claims === undefined ? undefined : await stores.tenants.get(claims.tenantId);
        if (!tenant || !claims)
          throw new HttpError(401, 'Invalid or expired stream token: ask for a new one');
        if (tenant.keyVersion !== claims.keyVersion) {
          throw new HttpError(
            401,
            'This stream token was issued before the key was rotated: ask for a new one',
          );
        }
        assertOriginAllowed(c, tenant);
        keyVersion = claims.keyVersion;
      } else {
        tenant = await tenantForKey(c, stores.tenants, c.req.header('x-api-key'));
        keyVersion = tenant.keyVersion;
      }
      const tenantId = tenant.id;
      const lastEventId = c.req.header('last-event-id') ?? c.req.valid('query').lastEventId;
      // No await between this count and the subscription below, so the cap holds.
      if (hub.listenerCount(tenantId) >= limits.perKey) {
        c.header('Retry-After', String(Math.ceil(heartbeatMs / 1000)));
        throw new HttpError(
          429,
          `This key already has ${limits.perKey} open streams on this server: close one, or share one stream between tabs`,
        );
      }

      return streamSSE(c, async (stream) => {
        const pending: LiveMessage[] = [];
        let wake: (() => void) | undefined;
        let ended = false;
        const end = () => {
          ended = true;
          wake?.();
        };
        const subscription = hub.subscribe(tenantId, {
          keyVersion,
          deliver: (message) => {
            pending.push(message);
            if (pending.length > MAX_PENDING_MESSAGES) end();
            wake?.();
          },
          end,
        });
        stream.onAbort(end);
        // Up to a tenth earlier, so streams opened together do not all reconnect together.
        const lifetime = setTimeout(end, limits.maxMs - Math.floor(Math.random() * limits.maxMs * 0.1));

        try {
          let sentSeq = await subscription.ready;
          if (ended) return;
          await stream.writeSSE({ event: 'ready', data: JSON.stringify({ heartbeatMs }), retry: 3000 });
          const send = async (message: LiveMessage) => {
            if (message.seq <= sentSeq) return;
            const frame = callMessage(message, sentSeq);
            sentSeq = message.seq;
            await stream.write(frame);
          };

          if (lastEventId !== undefined) {
            const after = sequenceOf(lastEventId);
            const missed =
              after === undefined
                ? 'resync'
                : await hub.messagesAfter(tenantId, after, limits.maxReplayEvents);
            if (missed === 'resync') {
              await stream.writeSSE({
                event: 'resync',
                data: JSON.stringify({
                  reason: 'The events since Last-Event-ID cannot be replayed: refetch active calls',
                }),
              });
            } else {
              // Replayed from `after`, not from where the live feed starts.
              sentSeq = after!;
              for (const message of missed) await send(message);
            }
          }

          while (!ended) {
            if (pending.length === 0) {
              let timer: NodeJS.Timeout | undefined;
              const woken = await new Promise<boolean>((resolve) => {
                wake = () => resolve(true);
                timer = setTimeout(() => resolve(false), heartbeatMs);
              });
              clearTimeout(timer);
              wake = undefined;
              if (!woken && !ended) await stream.write(': heartbeat\n\n');
              continue;
            }
            await send(pending.shift()!);
          }
        } finally {
          clearTimeout(lifetime);
          subscription.unsubscribe();
        }
      });
    });
};
