import { createApp } from '../app.ts';
import { freshTestEngine, storedRows } from './tenants.ts';

export { answeredCall, callEvent, permutations, seededRandom } from './events.ts';

/**
 * The app on a fresh database (SQLite in memory, or PostgreSQL under
 * `CALL_RIBBON_TEST_ENGINE=postgres`: see `freshTestEngine`) with two tenants, A and B, and a
 * fixed clock. `stored` reads what was written, on either engine.
 */
export const twoTenantApp = async (
  options: { now?: Date; staleCallMs?: number; timezoneA?: string; seekAfterRows?: number } = {},
) => {
  const now = options.now ?? new Date('2025-10-20T12:00:00Z');
  const engine = await freshTestEngine({
    ...(options.seekAfterRows !== undefined && { seekAfterRows: options.seekAfterRows }),
  });
  const { tenants } = engine.stores;
  await tenants.create(
    { id: 'ten-a', name: 'A', apiKey: 'key-a', timezone: options.timezoneA ?? 'Asia/Kolkata' },
    now,
  );
  await tenants.create({ id: 'ten-b', name: 'B', apiKey: 'key-b' }, now);
  const app = createApp({
    engine,
    clock: () => now,
    ...(options.staleCallMs !== undefined && { staleCallMs: options.staleCallMs }),
  });
  const get = (path: string, key: string | null = 'key-a') =>
    app.request(path, { headers: key === null ? {} : { 'X-API-Key': key } });
  const logCall = (body: unknown, key: string | null = 'key-a') =>
    app.request('/api/ribbon/log-call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(key !== null && { 'X-API-Key': key }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { app, stored: storedRows(engine), stores: engine.stores, now, get, logCall };
};
