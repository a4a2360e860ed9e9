import type { CallEvent } from '@call-ribbon/contract';
import { createApp } from '../app.ts';
import { sqliteEngine } from '../engines/sqlite/index.ts';
import { openDatabase } from '../engines/sqlite/open.ts';

export { seededRandom } from '../calls/random.ts';

let counter = 0;

/** A valid call event; override what the test is about. */
export const callEvent = (
  overrides: Partial<CallEvent> & Pick<CallEvent, 'event' | 'callId' | 'timestamp'>,
): CallEvent => ({
  eventId: `evt-${++counter}`,
  direction: 'outbound',
  phoneNumber: '+919876543210',
  ...overrides,
});

/** The events of one answered call: dialing, ringing, connected, callEnded. */
export const answeredCall = (
  callId: string,
  startIso: string,
  options: {
    talkSeconds?: number;
    customerId?: string;
    customerName?: string;
    agentId?: string;
    direction?: 'inbound' | 'outbound';
  } = {},
): CallEvent[] => {
  const start = Date.parse(startIso);
  const talk = options.talkSeconds ?? 65;
  const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  const common = {
    callId,
    direction: options.direction ?? 'outbound',
    ...(options.agentId !== undefined && { agentId: options.agentId }),
    ...(options.customerId !== undefined && {
      customerData: {
        customerId: options.customerId,
        ...(options.customerName !== undefined && { name: options.customerName }),
      },
    }),
  } as const;
  return [
    callEvent({
      ...common,
      eventId: `${callId}-1`,
      event: options.direction === 'inbound' ? 'incoming' : 'dialing',
      timestamp: at(0),
    }),
    callEvent({ ...common, eventId: `${callId}-2`, event: 'ringing', timestamp: at(3) }),
    callEvent({ ...common, eventId: `${callId}-3`, event: 'connected', timestamp: at(10) }),
    callEvent({
      ...common,
      eventId: `${callId}-4`,
      event: 'callEnded',
      timestamp: at(10 + talk),
      duration: talk,
    }),
  ];
};

export const permutations = <T>(items: readonly T[]): T[][] => {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
};

/** The app on a fresh in-memory database with two tenants, A and B, and a fixed clock. */
export const twoTenantApp = async (
  options: { now?: Date; staleCallMs?: number; timezoneA?: string; seekAfterRows?: number } = {},
) => {
  const now = options.now ?? new Date('2025-10-20T12:00:00Z');
  const db = openDatabase(':memory:');
  const engine = sqliteEngine(db, { seekAfterRows: options.seekAfterRows });
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
  return { app, db, stores: engine.stores, now, get, logCall };
};
