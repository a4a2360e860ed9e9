import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../../app.ts';
import type { Tenant } from '../../engines/sqlite/tenants.ts';
import { requireTenant, tenantForKey } from '../../http/auth.ts';
import { assertOriginAllowed } from '../../http/cors.ts';
import { HttpError } from '../../http/errors.ts';
import type { LiveEvent, LiveHub } from '../../live/hub.ts';
import type { StreamTokens } from '../../live/stream-token.ts';

export interface LiveOptions {
  hub: LiveHub;
  tokens: StreamTokens;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
}

/**
 * `GET /api/ribbon/stream`: the tenant's call events as server-sent events. Authenticated
 * by `X-API-Key` (read it with fetch) or by `?token=` from `POST /api/ribbon/stream/token`
 * (for EventSource, which sends no headers). Resumes after `Last-Event-ID`.
 */
export const streamRoutes = ({ hub, tokens, heartbeatMs }: LiveOptions) =>
  new Hono<AppEnv>()
    .post('/stream/token', requireTenant, (c) => c.json(tokens.issue(c.var.tenant.id, c.var.deps.clock())))
    .get('/stream', (c) => {
      const token = c.req.query('token');
      let tenant: Tenant | undefined;
      if (token !== undefined && c.req.header('x-api-key') === undefined) {
        const tenantId = tokens.verify(token, c.var.deps.clock());
        tenant = tenantId === undefined ? undefined : c.var.stores.tenants.get(tenantId);
        if (!tenant) throw new HttpError(401, 'Invalid or expired stream token: ask for a new one');
        assertOriginAllowed(c, tenant);
      } else {
        tenant = tenantForKey(c, c.req.header('x-api-key'));
      }
      const tenantId = tenant.id;
      const lastEventId = c.req.header('last-event-id') ?? c.req.query('lastEventId');

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
