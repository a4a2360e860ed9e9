import type { CallEvent } from '@call-ribbon/contract';

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
