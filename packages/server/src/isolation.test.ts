import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as contract from '@call-ribbon/contract';
import type { App } from './app.ts';
import { demoCrmData, seedDemoCrm } from './demo-crm.ts';
import { answeredCall, callEvent } from './test-support/call-events.ts';
import { ACME_KEY, call, GLOBEX_KEY, twoTenantApp } from './test-support/tenants.ts';

/**
 * A tenant cannot read, count or change another tenant's data through any endpoint.
 * Every route the app registers (so new routes are covered without editing this file) is
 * called with Globex's key, its path parameters, query and body aimed at Acme's customer
 * ids, call ids and phone number. Each answer must equal, byte for byte after masking random
 * ids, the answer of a twin app where Acme has no data at all; and Acme's rows in every
 * table must be unchanged afterwards.
 */

const NOW = '2025-10-20T09:00:00Z';
const ACME_PHONE = '+919812345678';
/** Strings only Acme's data holds; Globex never sends them. */
const ACME_MARKERS = [
  'Zebulon Acmeson',
  'zebulon@acme.example',
  'Acme Secret Holdings',
  'acme-confidential-note',
  'agent-acme-7',
  'Shared Acme Version',
];

const seedGlobex = async (app: App) => {
  const at = new Date(NOW);
  await app.deps.stores.customers.save(
    'globex',
    { customerId: 'CUST-B1', name: 'Bianca Globex', phone: '+919800000001' },
    at,
    '+91',
  );
  await app.deps.stores.customers.save(
    'globex',
    { customerId: 'CUST-SHARED', name: 'Shared Globex Version' },
    at,
    '+91',
  );
  await app.deps.ingest({
    tenantId: 'globex',
    events: [
      ...answeredCall('call-b-1', '2025-10-15T05:00:00Z', {
        talkSeconds: 42,
        customerId: 'CUST-B1',
        agentId: 'agent-globex-1',
      }),
      ...answeredCall('call-shared', '2025-10-16T05:00:00Z', { talkSeconds: 12, customerId: 'CUST-SHARED' }),
    ].map((event) => ({ ...event, eventId: `globex-${event.eventId}` })),
    receivedAt: at,
  });
};

const seedAcme = async (app: App) => {
  const at = new Date(NOW);
  await app.deps.stores.customers.save(
    'acme',
    {
      customerId: 'CUST-A1',
      name: 'Zebulon Acmeson',
      email: 'zebulon@acme.example',
      phone: ACME_PHONE,
      company: 'Acme Secret Holdings',
      customFields: { tier: 'gold' },
    },
    at,
    '+91',
  );
  await app.deps.stores.customers.save(
    'acme',
    { customerId: 'CUST-SHARED', name: 'Shared Acme Version', phone: ACME_PHONE },
    at,
    '+91',
  );
  const ended = answeredCall('call-a-1', '2025-10-14T05:00:00Z', {
    talkSeconds: 300,
    customerId: 'CUST-A1',
    customerName: 'Zebulon Acmeson',
    agentId: 'agent-acme-7',
  }).map((event) => (event.event === 'callEnded' ? { ...event, notes: 'acme-confidential-note' } : event));
  await app.deps.ingest({
    tenantId: 'acme',
    events: [
      ...ended,
      ...answeredCall('call-shared', '2025-10-16T06:00:00Z', {
        talkSeconds: 600,
        customerId: 'CUST-SHARED',
        agentId: 'agent-acme-7',
      }),
      callEvent({
        eventId: 'acme-live-1',
        event: 'dialing',
        callId: 'call-a-live',
        timestamp: '2025-10-20T08:55:00Z',
        phoneNumber: ACME_PHONE,
        agentId: 'agent-acme-7',
        customerData: { customerId: 'CUST-A1', name: 'Zebulon Acmeson' },
      }),
    ].map((event) => ({ ...event, eventId: `acme-${event.eventId}` })),
    receivedAt: at,
  });
  await app.deps.stores.sessions.open('acme', { agentId: 'agent-acme-7', agentName: 'Zebulon Acmeson' }, at);
};

const GLOBEX_CRM_SEED = 7;
const ACME_CRM_SEED = 99;
/** Acme's CRM records, which the test knows and Globex aims at. */
const acmeCrm = demoCrmData(new Date(NOW), { seed: ACME_CRM_SEED });

const world = async (withAcmeData: boolean) => {
  const built = await twoTenantApp({ now: NOW });
  await seedGlobex(built.app);
  await seedDemoCrm(built.stores.crm, 'globex', new Date(NOW), { seed: GLOBEX_CRM_SEED });
  if (withAcmeData) {
    await seedAcme(built.app);
    await seedDemoCrm(built.stores.crm, 'acme', new Date(NOW), { seed: ACME_CRM_SEED });
  }
  return built;
};

const crmEntities = contract.CRM_ENTITY_NAMES;
const ID_CANDIDATES = ['CUST-A1', 'CUST-SHARED', 'call-a-1', 'call-shared', 'acme'];
/** Acme's first record of each kind: its id is what Globex asks for. */
const acmeRecord = (entity: string): Record<string, unknown> | undefined =>
  acmeCrm[entity as contract.CrmEntity]?.[0];
const candidatesFor = (param: string, paramCount: number, path: string): string[] => {
  if (param === 'entity') return crmEntities;
  const entity = /^\/api\/crm\/([^/]+)\//.exec(path)?.[1];
  const crmId = entity === undefined ? undefined : acmeRecord(decodeURIComponent(entity))?.id;
  if (typeof crmId === 'string') return [crmId, 'CUST-A1'];
  return paramCount > 1 ? ['CUST-A1', 'call-a-1'] : ID_CANDIDATES;
};

const expandPath = (path: string): string[] => {
  const params = [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  let paths = [path];
  for (const param of params) {
    paths = paths.flatMap((partial) =>
      candidatesFor(param, params.length, partial).map((value) =>
        partial.replace(`:${param}`, encodeURIComponent(value)),
      ),
    );
  }
  return paths;
};

const AIMED_QUERY = new URLSearchParams({
  customerId: 'CUST-A1',
  phone: ACME_PHONE,
  callId: 'call-a-1',
  startDate: '2025-01-01',
  endDate: '2025-12-31',
  limit: '500',
  pageSize: '500',
  format: 'json',
}).toString();

const hijackEvent = {
  eventId: 'globex-hijack-1',
  event: 'callEnded',
  callId: 'call-a-1',
  timestamp: '2025-10-14T05:30:00Z',
  direction: 'outbound',
  phoneNumber: ACME_PHONE,
  duration: 9999,
  notes: 'hijacked',
  customerData: { customerId: 'CUST-A1', name: 'Hijacked' },
};

/** Bodies shaped for the write endpoints (zod drops what a schema does not name). */
const BODIES: unknown[] = [
  {
    ...hijackEvent,
    apiKey: GLOBEX_KEY,
    customerData: { customerId: 'CUST-A1', name: 'Hijacked', phone: ACME_PHONE },
    id: 'CUST-A1',
    customerId: 'CUST-A1',
    to: ACME_PHONE,
    name: 'Hijacked',
  },
  { events: [hijackEvent, { ...hijackEvent, eventId: 'globex-hijack-2', callId: 'call-shared' }] },
];

/** The generic bodies, plus, under /api/crm/<entity>, a valid record carrying Acme's id. */
const bodiesFor = (path: string): unknown[] => {
  const entity = /^\/api\/crm\/([^/?]+)/.exec(path)?.[1];
  const record = entity === undefined ? undefined : acmeRecord(entity);
  if (record === undefined) return BODIES;
  const hijacked = { ...record, name: 'Hijacked', title: 'Hijacked' };
  return [...BODIES, hijacked, { records: [hijacked] }];
};

const MASKS: [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/cr_[A-Za-z0-9_-]+/g, '<key>'],
  [/[A-Za-z0-9_-]{32,}/g, '<token>'],
];
const mask = (text: string) =>
  MASKS.reduce((masked, [pattern, label]) => masked.replace(pattern, label), text);

interface Answer {
  status: number;
  text: string;
}

const send = async (app: App, method: string, url: string, body?: unknown) => {
  const response = await app.request(url, {
    method,
    headers: {
      'X-API-Key': GLOBEX_KEY,
      Authorization: `Bearer ${GLOBEX_KEY}`,
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  // A live stream never ends by itself: its status and headers are the answer.
  if (response.headers.get('content-type')?.includes('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, text: '<event-stream>' };
  }
  return { status: response.status, text: await response.text() } satisfies Answer;
};

describe('tenant isolation across every route', () => {
  it('Globex’s key cannot read, count or change Acme’s customers, calls, sessions or usage', async () => {
    const withAcme = await world(true);
    const withoutAcme = await world(false);
    const before = await withAcme.stored.tenantRows('acme');
    assert.ok(
      (before.customers?.length ?? 0) >= 2 && (before.calls?.length ?? 0) >= 3,
      'Acme has data to protect',
    );

    const routes = [
      ...new Map(
        withAcme.app.routes
          .filter((route) => route.method !== 'ALL' && !route.path.endsWith('*'))
          .map((route) => [`${route.method} ${route.path}`, route]),
      ).values(),
    ];
    assert.ok(routes.length >= 20, `routes discovered: ${routes.length}`);

    let requests = 0;
    const covered = new Set<string>();
    const writesAccepted = new Set<string>();
    for (const route of routes) {
      const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
      for (const path of expandPath(route.path)) {
        for (const query of ['', `?${AIMED_QUERY}`]) {
          for (const body of hasBody ? bodiesFor(path) : [undefined]) {
            const url = `${path}${query}`;
            const seen = await send(withAcme.app, route.method, url, body);
            const control = await send(withoutAcme.app, route.method, url, body);
            requests++;
            const label = `${route.method} ${url}${body === undefined ? '' : ` ${JSON.stringify(body).slice(0, 60)}`}`;
            assert.ok(seen.status < 500, `${label} answered ${seen.status}: ${seen.text}`);
            assert.equal(seen.status, control.status, `${label}: status depends on Acme's data`);
            assert.equal(mask(seen.text), mask(control.text), `${label}: body depends on Acme's data`);
            for (const marker of ACME_MARKERS) {
              assert.ok(!seen.text.includes(marker), `${label} leaked "${marker}"`);
            }
            covered.add(`${route.method} ${route.path}`);
            if (hasBody && seen.status < 300) writesAccepted.add(`${route.method} ${route.path}`);
          }
        }
      }
    }
    assert.deepEqual(await withAcme.stored.tenantRows('acme'), before, "Acme's rows changed");

    // The protected data is really there: Acme's own key sees it.
    const own = await call(withAcme.app, '/api/ribbon/customer/CUST-A1', { key: ACME_KEY });
    assert.equal(own.status, 200);
    assert.equal(own.json.customer.name, 'Zebulon Acmeson');
    assert.equal(own.json.totalCalls, 2);
    const usage = await call(withAcme.app, '/api/ribbon/config', { key: ACME_KEY });
    assert.equal(usage.json.usage.callsThisMonth, 3);
    for (const path of [
      '/api/ribbon/customer/:id',
      '/api/ribbon/customers',
      '/api/ribbon/config',
      '/api/ribbon/customer',
    ]) {
      assert.ok(
        [...covered].some((operation) => operation.endsWith(` ${path}`)),
        `${path} was exercised`,
      );
    }
    assert.ok(requests > 100, `requests sent: ${requests}`);
    // Globex's writes aimed at Acme's ids really were stored (as Globex's own) and still left Acme alone.
    for (const write of [
      'POST /api/ribbon/customer',
      'POST /api/ribbon/log-call',
      'POST /api/ribbon/init',
      'PUT /api/crm/:entity/:id',
      'POST /api/crm/:entity',
    ]) {
      if (routes.some((route) => `${route.method} ${route.path}` === write)) {
        assert.ok(writesAccepted.has(write), `${write} accepted a write from Globex`);
      }
    }
  });

  it('an admin token is needed to see across tenants; a tenant key is refused there', async () => {
    const { app } = await world(true);
    for (const path of ['/api/admin/clients', '/api/admin/analytics/all', '/api/admin/clients/acme']) {
      const response = await call(app, path, { key: GLOBEX_KEY, admin: GLOBEX_KEY });
      assert.equal(response.status, 401, path);
    }
  });
});
