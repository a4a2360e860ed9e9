// How much the wire contract costs: validating a log-call batch of 100 events, against
// JSON.parse of the same body (the cost the server pays regardless).
import { LogCallRequest } from '@call-ribbon/contract';
import { type Figure, opsPerSecond } from './figure.ts';

export const run = async (): Promise<Figure[]> => {
  const events = Array.from({ length: 100 }, (_, index) => ({
    eventId: `evt-${index}`,
    event: index % 2 ? 'connected' : 'callEnded',
    callId: `call-${index >> 1}`,
    timestamp: new Date(Date.UTC(2025, 9, 12, 9, 0, index)).toISOString(),
    direction: 'outbound',
    phoneNumber: '+919876543210',
    customerData: { customerId: `CUST${index}`, name: 'Rajesh Kumar' },
    duration: index % 2 ? undefined : 42,
  }));
  const body = JSON.stringify({ events });
  const parseOnly = opsPerSecond(() => JSON.parse(body));
  const parseAndValidate = opsPerSecond(() => LogCallRequest.parse(JSON.parse(body)));
  return [
    {
      name: 'contract: log-call batch of 100, parse + validate',
      value: parseAndValidate * 100,
      unit: 'events/s',
      baseline: { name: 'JSON.parse only', value: parseOnly * 100 },
    },
  ];
};
