import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CALL_EVENT_NAMES,
  CallEvent,
  CallLogsQuery,
  CallsByHour,
  CrmBulkRequest,
  DateFilter,
  DetailedAnalyticsResponse,
  LogCallBatch,
  LogCallRequest,
  SaveCustomerRequest,
  WrapUpEvent,
} from './index.ts';

const event = {
  eventId: 'evt-1',
  event: 'connected',
  callId: 'call-1',
  timestamp: '2025-10-12T09:15:00.000Z',
  direction: 'outbound',
  phoneNumber: '+919876543210',
  customerData: { customerId: 'CUST001', name: 'Rajesh Kumar' },
};

describe('call events', () => {
  it('has the twelve event names of the architecture, then the wrap-up, in that order', () => {
    assert.equal(CALL_EVENT_NAMES.length, 13);
    assert.equal(CALL_EVENT_NAMES.indexOf('callEnded'), 8);
    assert.equal(CALL_EVENT_NAMES.at(-1), 'wrapUp');
  });

  it('a wrap-up is an event of its own with the disposition and notes', () => {
    const wrapUp = {
      ...event,
      eventId: 'evt-wrap',
      event: 'wrapUp',
      disposition: 'Call back',
      notes: 'Monday',
    };
    assert.deepEqual(WrapUpEvent.parse(wrapUp), wrapUp);
    assert.deepEqual(CallEvent.parse(wrapUp), wrapUp, 'log-call accepts it as any call event');
    assert.equal(WrapUpEvent.safeParse({ ...wrapUp, event: 'callEnded' }).success, false);
    assert.equal(WrapUpEvent.safeParse({ ...wrapUp, disposition: 'x'.repeat(201) }).success, false);
  });

  it('accepts a well-formed event with optional fields left out', () => {
    assert.deepEqual(CallEvent.parse(event), event);
  });

  it('rejects an event without an eventId, naming the field', () => {
    const { eventId: _omitted, ...rest } = event;
    const result = CallEvent.safeParse(rest);
    assert.equal(result.success, false);
    assert.deepEqual(
      result.error?.issues.map((issue) => issue.path),
      [['eventId']],
    );
  });

  it('rejects an unknown event name and a timestamp that is not ISO-8601', () => {
    const result = CallEvent.safeParse({ ...event, event: 'answered', timestamp: '12/10/2025' });
    assert.deepEqual(result.error?.issues.map((issue) => issue.path).sort(), [['event'], ['timestamp']]);
  });

  it('takes one event or a batch as the log-call request', () => {
    assert.ok(LogCallRequest.safeParse(event).success);
    assert.ok(LogCallRequest.safeParse({ events: [event, { ...event, eventId: 'evt-2' }] }).success);
    assert.equal(LogCallRequest.safeParse({ hello: 'world' }).success, false);
  });

  it('caps a batch at 500 events', () => {
    const events = Array.from({ length: 501 }, (_, index) => ({ ...event, eventId: `evt-${index}` }));
    assert.equal(LogCallBatch.safeParse({ events: events.slice(0, 500) }).success, true);
    const result = LogCallBatch.safeParse({ events });
    assert.deepEqual(
      result.error?.issues.map((issue) => issue.path),
      [['events']],
    );
  });
});

describe('U+0000 in strings (PostgreSQL cannot store it)', () => {
  const pathsOf = (result: { error?: { issues: { path: PropertyKey[] }[] } }) =>
    result.error?.issues.map((issue) => issue.path.join('.'));

  it('is refused in an id, as a lone surrogate is, naming the field', () => {
    const result = CallEvent.safeParse({ ...event, eventId: 'evt-\u0000', callId: '\u0000' });
    assert.deepEqual(pathsOf(result), ['eventId', 'callId']);
    assert.match(result.error?.issues[0]?.message ?? '', /U\+0000/);
    const customer = SaveCustomerRequest.safeParse({ customerData: { customerId: 'CUST\u0000' } });
    assert.deepEqual(pathsOf(customer), ['customerData.customerId']);
  });

  it('is refused at any depth of free-form data, in a key or a value, naming where', () => {
    const metadata = { crm: { notes: ['fine', 'bad\u0000'] } };
    assert.deepEqual(pathsOf(CallEvent.safeParse({ ...event, metadata })), ['metadata.crm.notes.1']);
    const customFields = { 'tier\u0000': 'gold' };
    assert.deepEqual(
      pathsOf(SaveCustomerRequest.safeParse({ customerData: { customerId: 'C1', customFields } })),
      ['customerData.customFields.tier\u0000'],
    );
    const records = [{ id: 'L-1' }, { id: 'L-2', name: 'Priya\u0000' }];
    assert.deepEqual(pathsOf(CrmBulkRequest.safeParse({ records })), ['records.1.name']);
  });

  it('leaves other control characters and the six characters \\u0000 alone', () => {
    const metadata = { text: 'tab\there, bell\u0007, and a literal \\u0000' };
    assert.ok(CallEvent.safeParse({ ...event, eventId: 'evt-\u0001', metadata }).success);
    assert.ok(CrmBulkRequest.safeParse({ records: [{ id: 'L-1', note: '\\u0000' }] }).success);
  });
});

describe('query parameters', () => {
  it('accepts plain dates and date-times, rejects impossible dates', () => {
    assert.ok(DateFilter.safeParse('2025-10-31').success);
    assert.ok(DateFilter.safeParse('2025-10-31T23:59:59Z').success);
    assert.ok(DateFilter.safeParse('2025-10-01T00:00:00+05:30').success);
    assert.equal(DateFilter.safeParse('2025-13-01').success, false);
    assert.equal(DateFilter.safeParse('yesterday').success, false);
  });

  it('coerces call-log paging from strings, with the seed defaults', () => {
    assert.deepEqual(CallLogsQuery.parse({}), { page: 1, pageSize: 50 });
    assert.deepEqual(CallLogsQuery.parse({ page: '3', pageSize: '500', callDirection: 'outbound' }), {
      page: 3,
      pageSize: 500,
      callDirection: 'outbound',
    });
  });

  it('rejects a page size above 500 and an unknown direction, by name', () => {
    const result = CallLogsQuery.safeParse({ pageSize: '501', callDirection: 'sideways' });
    assert.deepEqual(result.error?.issues.map((issue) => issue.path).sort(), [
      ['callDirection'],
      ['pageSize'],
    ]);
  });
});

describe('responses', () => {
  it('requires all 24 hour keys in callsByHour', () => {
    const hours = Object.fromEntries(Array.from({ length: 24 }, (_, hour) => [String(hour), 0]));
    assert.ok(CallsByHour.safeParse(hours).success);
    delete hours['23'];
    assert.deepEqual(
      CallsByHour.safeParse(hours).error?.issues.map((issue) => issue.path),
      [['23']],
    );
  });

  it('rejects a detailed analytics body missing a duration bucket', () => {
    const zeros = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, 0]));
    const body = {
      summary: {
        totalCalls: 0,
        totalDuration: 0,
        avgDuration: 0,
        inboundCalls: 0,
        outboundCalls: 0,
        answeredCalls: 0,
        missedCalls: 0,
      },
      callsByHour: zeros(Array.from({ length: 24 }, (_, hour) => String(hour))),
      callsByDayOfWeek: zeros(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']),
      topCustomers: [],
      durationBuckets: zeros(['0-30s', '30s-2m', '2m-5m', '5m-15m']),
      recentActivity: [],
    };
    assert.deepEqual(
      DetailedAnalyticsResponse.safeParse(body).error?.issues.map((issue) => issue.path),
      [['durationBuckets', '15m+']],
    );
  });

  it('takes the seed customer request with the key in the body', () => {
    const parsed = SaveCustomerRequest.parse({
      apiKey: 'your-api-key-123',
      customerData: {
        customerId: 'CUST001',
        name: 'Rajesh Kumar',
        email: 'rajesh@techcorp.com',
        phone: '+91 98765 43210',
        company: 'TechCorp Solutions',
        customFields: { accountBalance: 12000, segment: 'SMB', priority: 'High' },
      },
    });
    assert.equal(parsed.customerData.customerId, 'CUST001');
  });
});
