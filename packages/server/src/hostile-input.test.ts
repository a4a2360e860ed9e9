import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorBody } from '@call-ribbon/contract';
import { seedDemoCrm } from './demo-crm.ts';
import { answeredCall } from './test-support/call-events.ts';
import { ACME_KEY, ADMIN_TOKEN, twoTenantApp } from './test-support/tenants.ts';

/**
 * Bad input on every API route the app registers: malformed or wrong-shaped bodies and
 * wrong-typed query parameters get a 4xx with the error body, never a 5xx, and a refused
 * request writes nothing (the connection's change counter does not move).
 */

const BAD_BODIES: [string, string][] = [
  ['malformed JSON', '{"events": [ {"eventId": '],
  ['a JSON array', '[1, 2, 3]'],
  ['a JSON string', '"hello"'],
  ['null', 'null'],
  ['wrong types', '{"customerData": 5, "events": "many", "name": 42, "records": {}, "to": false}'],
  ['huge numbers', '{"monthlyCallLimit": 1e308, "duration": -1, "limit": 1e999}'],
  ['form data', 'apiKey=x&customerData=y'],
  // PostgreSQL stores U+0000 nowhere: a NUL anywhere is refused on every engine alike.
  [
    'a NUL character',
    '{"name": "Priya\\u0000", "customerData": {"name": "x"}, "events": [{"notes": "\\u0000"}], "to": "+91\\u0000", "records": [{"id": "L1", "name": "\\u0000"}]}',
  ],
];

const BAD_QUERIES = [
  'page=abc&pageSize=-5',
  'pageSize=100000',
  'startDate=yesterday&endDate=2025-13-45',
  'callDirection=sideways&status=exploded',
  'format=xml',
  'limit=ten',
  'phone=%00%01',
  'page=1e400',
];

const isApi = (path: string) => path.startsWith('/api/') || path.endsWith('.php');

describe('hostile input on every API route', () => {
  it('is a 4xx with the error body, never a 5xx, and a refused request writes nothing', async () => {
    const { app, stored, stores } = await twoTenantApp();
    await app.deps.stores.customers.save('acme', { customerId: 'CUST001', name: 'Priya' }, new Date(), '+91');
    await app.deps.ingest({
      tenantId: 'acme',
      events: answeredCall('call-1', '2025-10-10T05:00:00Z', { customerId: 'CUST001' }),
      receivedAt: new Date(),
    });
    await seedDemoCrm(stores.crm, 'acme', new Date('2025-10-12T09:00:00Z'));

    const routes = [
      ...new Map(
        app.routes
          .filter((route) => route.method !== 'ALL' && !route.path.endsWith('*') && isApi(route.path))
          .map((route) => [`${route.method} ${route.path}`, route]),
      ).values(),
    ];
    let checked = 0;
    for (const route of routes) {
      const path = route.path.replace(':entity', 'leads').replace(/:\w+/g, 'CUST001');
      const hasBody = route.method !== 'GET';
      const attempts: { label: string; url: string; body?: string }[] = hasBody
        ? BAD_BODIES.map(([label, body]) => ({ label, url: path, body }))
        : BAD_QUERIES.map((query) => ({ label: query, url: `${path}?${query}` }));
      if (/:\w+/.test(route.path)) {
        const nulPath = route.path.replace(':entity', 'leads').replace(/:\w+/g, 'C%00');
        attempts.push({ label: 'a NUL in the path', url: nulPath, ...(hasBody && { body: '{}' }) });
      }
      for (const attempt of attempts) {
        const before = await stored.changes();
        const response = await app.request(attempt.url, {
          method: route.method,
          headers: {
            'X-API-Key': ACME_KEY,
            Authorization: `Bearer ${ADMIN_TOKEN}`,
            ...(attempt.body !== undefined && { 'Content-Type': 'application/json' }),
          },
          ...(attempt.body !== undefined && { body: attempt.body }),
        });
        const label = `${route.method} ${attempt.url} (${attempt.label})`;
        if (response.headers.get('content-type')?.includes('text/event-stream')) {
          await response.body?.cancel();
          continue;
        }
        const text = await response.text();
        assert.ok(response.status < 500, `${label} answered ${response.status}: ${text}`);
        if (response.status >= 400) {
          const body = ErrorBody.parse(JSON.parse(text));
          assert.equal(body.code, response.status, label);
          assert.equal(await stored.changes(), before, `${label} was refused but wrote to the database`);
        }
        checked++;
      }
    }
    assert.ok(checked > 100, `requests checked: ${checked}`);
  });
});
