import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_EVENT_NAMES, type CallEvent } from '@call-ribbon/contract';
import fc from 'fast-check';
import { createApp } from './app.ts';
import { detailedAnalytics } from './services/analytics.ts';
import { answeredCall } from './test-support/call-events.ts';
import { freshTestEngine, storedRows } from './test-support/tenants.ts';

const NOW = new Date('2025-10-20T12:00:00Z');
const KEY = 'prop-key';
const ADMIN = 'prop-admin-token';
const SEED = 20_251_020;

/** The app on a small database: two tenants, a few calls; Exotel unreachable (never called for real). */
const setup = async () => {
  const engine = await freshTestEngine();
  const { stores } = engine;
  await stores.tenants.create({ id: 'acme', name: 'Acme', apiKey: KEY }, NOW);
  await stores.tenants.create({ id: 'globex', name: 'Globex', apiKey: 'other-key' }, NOW);
  for (let i = 0; i < 5; i++) {
    await stores.callEvents.append([
      {
        tenantId: 'acme',
        events: answeredCall(`seed-${i}`, `2025-10-1${i}T05:00:00Z`, { customerId: `CUST${i}` }),
        receivedAt: NOW,
      },
    ]);
  }
  const app = createApp({
    engine,
    clock: () => NOW,
    adminToken: ADMIN,
    exotel: {
      fetch: async () => {
        throw new Error('Exotel is not reachable from property tests');
      },
    },
  });
  return { stored: storedRows(engine), app };
};

const QUERY_KEYS = [
  'page',
  'pageSize',
  'limit',
  'startDate',
  'endDate',
  'callDirection',
  'status',
  'customerId',
  'format',
  'search',
  'q',
  'period',
  'token',
  'lastEventId',
  'phoneNumber',
] as const;
const VALUE_SAMPLES = [
  '',
  '0',
  '-1',
  '1',
  '501',
  '1e9',
  'NaN',
  '2025-02-30',
  '2025-10-12',
  'inbound',
  'csv',
  'x'.repeat(300),
];
const BODY_KEYS = [
  'events',
  'event',
  'eventId',
  'callId',
  'timestamp',
  'name',
  'apiKey',
  'phoneNumber',
  'id',
  'data',
];

const anyValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(...VALUE_SAMPLES),
  fc.integer().map(String),
);
const query = fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 6 })), anyValue, {
  maxKeys: 4,
});
const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 40 }),
  fc.json({ maxDepth: 3 }),
  fc
    .dictionary(fc.constantFrom(...BODY_KEYS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
    .map((value) => JSON.stringify(value)),
  fc
    .array(
      fc.record({
        eventId: fc.string(),
        event: fc.constantFrom(...CALL_EVENT_NAMES, 'bogus'),
        callId: fc.string(),
      }),
      {
        maxLength: 3,
      },
    )
    .map((events) => JSON.stringify({ events })),
);
const auth = fc.constantFrom('tenant', 'none', 'wrong-key', 'admin', 'wrong-admin');
const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  undefined,
);
const pathParam = fc.oneof(
  fc.constantFrom('acme', 'leads', 'deals', 'CUST1', 'seed-1', '..', ' ', 'openapi.json'),
  fc.string({ minLength: 1, maxLength: 12 }),
);

describe('every endpoint, random requests', async () => {
  const { stored, app } = await setup();
  const routes = [
    ...new Map(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map((route) => [`${route.method} ${route.path}`, route]),
    ).values(),
  ];

  it('discovers the routes from the router', () => {
    assert.ok(routes.length >= 30, `only ${routes.length} routes`);
    for (const path of ['/api/ribbon/log-call', '/api/ribbon/analytics/detailed', '/api/dashboards/sales']) {
      assert.ok(
        routes.some((route) => route.path === path),
        path,
      );
    }
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}: 4xx error body or success, never 5xx; rejected requests change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(pathParam, { minLength: 4, maxLength: 4 }),
          query,
          body,
          auth,
          contentType,
          async (params, search, payload, who, type) => {
            let n = 0;
            const path = route.path
              .replace(/:[A-Za-z]+/g, () => encodeURIComponent(params[n++]!))
              .replace(/\*$/, encodeURIComponent(params[3]!));
            const headers: Record<string, string> = {};
            if (who === 'tenant') headers['X-API-Key'] = KEY;
            if (who === 'wrong-key') headers['X-API-Key'] = 'not-a-key';
            if (who === 'admin') headers.Authorization = `Bearer ${ADMIN}`;
            if (who === 'wrong-admin') headers.Authorization = 'Bearer nope';
            if (type) headers['Content-Type'] = type;
            const withBody = route.method !== 'GET' && payload !== undefined;
            const before = await stored.changes();
            const response = await app.request(`${path}?${new URLSearchParams(search)}`, {
              method: route.method,
              headers,
              ...(withBody && { body: payload }),
            });
            // A live stream never ends: only its status matters here.
            const streaming = (response.headers.get('content-type') ?? '').includes('text/event-stream');
            if (streaming) await response.body?.cancel();
            const text = streaming ? '' : await response.text();
            assert.ok(
              response.status < 500,
              `${route.method} ${path}: ${response.status} ${text.slice(0, 300)}`,
            );
            if (response.status >= 400) {
              const error = JSON.parse(text) as { error: unknown; message: unknown; code: unknown };
              assert.equal(error.error, true);
              assert.equal(typeof error.message, 'string');
              assert.ok((error.message as string).length > 0);
              assert.equal(error.code, response.status);
              assert.equal(
                await stored.changes(),
                before,
                `${route.method} ${path} was rejected (${response.status}) but changed the database`,
              );
            }
          },
        ),
        { seed: SEED, numRuns: 40 },
      );
    });
  }
});

/** Events of one call: any of the 12 names, any times, optional fields varying from event to event. */
const callEvents = fc
  .array(
    fc.record({
      event: fc.constantFrom(...CALL_EVENT_NAMES),
      offset: fc.integer({ min: 0, max: 3_600_000 }),
      agent: fc.option(fc.constantFrom('agent-1', 'agent-2'), { nil: undefined }),
      customer: fc.option(fc.constantFrom('CUST1', 'CUST2'), { nil: undefined }),
      duration: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
      notes: fc.option(fc.constantFrom('call back', 'sent quote'), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((specs) =>
    specs.map(
      (spec, index): CallEvent => ({
        eventId: `e-${index}`,
        event: spec.event,
        callId: 'call-p',
        timestamp: new Date(Date.UTC(2025, 9, 12, 5) + spec.offset).toISOString(),
        direction: 'inbound',
        phoneNumber: '+919876543210',
        ...(spec.customer && { customerData: { customerId: spec.customer, name: `Name ${spec.customer}` } }),
        ...(spec.agent && { agentId: spec.agent }),
        ...(spec.event === 'callEnded' && spec.duration !== undefined && { duration: spec.duration }),
        ...(spec.notes && { notes: spec.notes }),
      }),
    ),
  );

describe('ingesting a call', async () => {
  // One database for every run (opening and migrating one per run costs more than the runs);
  // each delivery gets a tenant of its own.
  const { stores } = await freshTestEngine();
  let tenants = 0;

  /** A new tenant's call `call-p`, analytics and per-agent counts after the events arrive in these batches. */
  const ingested = async (batches: readonly CallEvent[][]) => {
    const tenantId = `t${++tenants}`;
    await stores.tenants.create({ id: tenantId, name: tenantId, apiKey: `key-${tenantId}` }, NOW);
    let accepted = 0;
    for (const events of batches) {
      const [result] = await stores.callEvents.append([{ tenantId, events, receivedAt: NOW }]);
      accepted += result!.accepted;
    }
    return {
      accepted,
      call: await stores.calls.get(tenantId, 'call-p'),
      analytics: await detailedAnalytics(stores.callStats, tenantId, {}),
      byAgent: await stores.callStats.byAgent(tenantId, {}),
    };
  };

  it('gives the same call and analytics for any order, duplication and batching of its events', async () => {
    await fc.assert(
      fc.asyncProperty(
        callEvents.chain((events) =>
          fc.tuple(
            fc.constant(events),
            // A delivery: every event at least once, some twice, in any order, cut into batches.
            fc
              .array(fc.nat({ max: events.length - 1 }), { maxLength: events.length })
              .chain((repeats) =>
                fc.shuffledSubarray([...events, ...repeats.map((i) => events[i]!)], {
                  minLength: events.length + repeats.length,
                }),
              )
              .chain((delivery) =>
                fc.tuple(fc.constant(delivery), fc.integer({ min: 1, max: delivery.length })),
              ),
          ),
        ),
        async ([events, [delivery, batchSize]]) => {
          const once = await ingested([events]);
          const batches: CallEvent[][] = [];
          for (let i = 0; i < delivery.length; i += batchSize) batches.push(delivery.slice(i, i + batchSize));
          const shuffled = await ingested(batches);
          assert.equal(shuffled.accepted, events.length);
          assert.deepEqual(shuffled.call, once.call);
          assert.deepEqual(shuffled.analytics, once.analytics);
          assert.deepEqual(shuffled.byAgent, once.byAgent);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});
