// Deterministic, realistic call events for benchmarks: calls in time order over a year,
// inbound and outbound, answered and not, with customers and agents.
import type { CallEvent } from '@call-ribbon/contract';

/** The end of the generated year; benchmarks query ranges relative to it. */
export const DATA_END_MS = Date.UTC(2026, 0, 1);
export const DATA_DAYS = 365;
const DAY = 86_400_000;

/** Mulberry32, so the same count always gives the same calls. */
const seeded = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const iso = (ms: number) => new Date(ms).toISOString();

/** `count` calls, each as its complete list of events (keys in CallEvent schema order). */
export function* benchCalls(count: number, seed = 20_260_101): Generator<CallEvent[]> {
  const random = seeded(seed);
  const customers = Math.max(100, Math.floor(count / 20));
  const start = DATA_END_MS - DATA_DAYS * DAY;
  const step = (DATA_DAYS * DAY) / count;
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    const callId = `c${String(i).padStart(width, '0')}`;
    const startMs = Math.floor(start + i * step + random() * step);
    const outbound = random() < 0.6;
    const direction = outbound ? 'outbound' : 'inbound';
    const customer = Math.floor(random() * customers);
    const known = random() < 0.75;
    const base = {
      direction,
      phoneNumber: `+9198${String(customer).padStart(8, '0')}`,
      ...(known && { customerData: { customerId: `CUST${customer}`, name: `Customer ${customer}` } }),
      agentId: `agent-${Math.floor(random() * 40)}`,
    } as const;
    const event = (
      n: number,
      name: CallEvent['event'],
      ms: number,
      extra: Partial<CallEvent> = {},
    ): CallEvent => ({
      eventId: `${callId}-${n}`,
      event: name,
      callId,
      timestamp: iso(ms),
      ...base,
      ...extra,
    });
    const roll = random();
    const ringMs = 2000 + Math.floor(random() * 20_000);
    const first = event(1, outbound ? 'dialing' : 'incoming', startMs);
    if (roll < 0.68) {
      // Talk time: mostly short, a long tail to 20 minutes.
      const talk = Math.min(1200, Math.round(5 + -Math.log(1 - random()) * 150));
      yield [
        first,
        event(2, 'connected', startMs + ringMs),
        event(3, 'callEnded', startMs + ringMs + talk * 1000, { duration: talk }),
      ];
    } else {
      const terminal = roll < 0.9 ? 'missed' : roll < 0.95 ? 'rejected' : 'failed';
      yield [first, event(2, terminal, startMs + ringMs)];
    }
  }
}
