import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { type RulesetDefinition, Spectral } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { createApp } from '../app.ts';
import { sqliteEngine } from '../engines/sqlite/index.ts';
import { openDatabase } from '../engines/sqlite/open.ts';

/** Every endpoint seed 000 lists, as users call it. */
const SEED_000 = [
  'POST /api/ribbon/init',
  'POST /api/ribbon/log-call',
  'GET /api/ribbon/config',
  'GET /api/ribbon/analytics',
  'GET /health',
  'GET /api/ribbon/call-logs',
  'GET /api/ribbon/active-calls',
  'GET /api/ribbon/analytics/detailed',
  'GET /api/ribbon/export/calls',
  'POST /api/ribbon/customer',
  'GET /api/ribbon/customer/:id',
  'GET /api/ribbon/customer/:id/calls',
  'GET /api/admin/clients',
  'GET /api/admin/analytics/all',
];

const DASHBOARDS = ['sales', 'leads', 'account-management', 'support', 'billing'];

const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)/g, '{$1}');

const app = createApp({ engine: sqliteEngine(openDatabase(':memory:')) });

// biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON.
type Json = any;

const fetchDocument = async (): Promise<Json> => {
  const response = await app.request('/openapi.json');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  return JSON.parse(await response.text());
};

const operations = (document: { paths: Record<string, Record<string, unknown>> }) =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = await fetchDocument();
    assert.match(document.openapi, /^3\.1\.\d+$/);
    const validator = new Validator();
    const result = await validator.validate(document);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('passes Spectral’s spectral:oas ruleset with no error and no warning', async () => {
    const spectral = new Spectral();
    // The rulesets package types `oas` more loosely than core's RulesetDefinition; it is one.
    spectral.setRuleset({ extends: [[oas as RulesetDefinition, 'recommended']] });
    const findings = await spectral.run(JSON.stringify(await fetchDocument()));
    const serious = findings
      .filter((finding) => finding.severity <= 1)
      .map((finding) => `${finding.code} at ${finding.path.join('.')}: ${finding.message}`);
    assert.deepEqual(serious, []);
  });

  it('gives every operation an id, a summary, a description and a declared tag', async () => {
    const document = await fetchDocument();
    const tags = new Set(document.tags.map((tag: { name: string; description: string }) => tag.name));
    for (const tag of document.tags) assert.ok(tag.description, `tag ${tag.name} is described`);
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries(document.paths) as [string, Record<string, Json>][]) {
      for (const [method, operation] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        assert.ok(operation.summary && operation.description, `${name} has a summary and a description`);
        assert.ok(!ids.has(operation.operationId), `${name}: operationId ${operation.operationId} is unique`);
        ids.add(operation.operationId);
        assert.ok(tags.has(operation.tags[0]), `${name}: tag ${operation.tags[0]} is declared`);
      }
    }
    assert.ok(ids.size >= 40, `${ids.size} operations`);
  });

  it('lists every path of seed 000 with its method, the admin API and the five dashboards', async () => {
    const documented = new Set(operations(await fetchDocument()));
    const expected = [
      ...SEED_000,
      'POST /api/admin/clients',
      'POST /api/admin/clients/:id/rotate-key',
      'GET /api/ribbon/customers',
      ...DASHBOARDS.flatMap((name) => [`GET /api/dashboards/${name}`, `GET /${name}-api.php`]),
    ];
    for (const operation of expected) {
      const [method, path] = operation.split(' ') as [string, string];
      assert.ok(documented.has(`${method} ${openApiPath(path)}`), `${operation} is documented`);
    }
  });

  it('documents every API route the app serves (pages such as the examples are not API)', async () => {
    const documented = new Set(operations(await fetchDocument()));
    const isApi = (path: string) =>
      path.startsWith('/api/') ||
      path.endsWith('.php') ||
      path.startsWith('/sdk/') ||
      ['/health', '/openapi.json', '/docs', '/docs/static'].includes(path);
    const served = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && !route.path.endsWith('*') && isApi(route.path))
        .map((route) => `${route.method} ${openApiPath(route.path)}`),
    );
    const missing = [...served].filter((operation) => !documented.has(operation));
    assert.deepEqual(missing, [], 'served but not in /openapi.json: declare them with createRoute');
  });

  it('declares the key and admin schemes, and every protected operation its 401 error body', async () => {
    const document = await fetchDocument();
    assert.deepEqual(document.components.securitySchemes.ApiKey, {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
      description: document.components.securitySchemes.ApiKey.description,
    });
    assert.equal(document.components.securitySchemes.AdminBearer.scheme, 'bearer');
    for (const [path, methods] of Object.entries(document.paths) as [string, Record<string, Json>][]) {
      for (const [method, operation] of Object.entries(methods)) {
        if (path === '/health' || path === '/openapi.json' || path === '/docs') continue;
        if (operation.security.length === 0) continue;
        const unauthorised = operation.responses['401'];
        assert.ok(unauthorised, `${method} ${path} documents 401`);
        assert.equal(unauthorised.content['application/json'].schema.$ref, '#/components/schemas/ErrorBody');
      }
    }
    assert.deepEqual(document.paths['/api/admin/clients'].get.security, [{ AdminBearer: [] }]);
    assert.deepEqual(document.paths['/api/ribbon/call-logs'].get.security, [{ ApiKey: [] }]);
    // EventSource cannot send headers: the live stream also takes a token in the query.
    assert.equal(document.components.securitySchemes.StreamToken.in, 'query');
    assert.deepEqual(document.paths['/api/ribbon/stream'].get.security, [
      { ApiKey: [] },
      { StreamToken: [] },
    ]);
  });

  it('lists query parameters with their types, from the contract', async () => {
    const document = await fetchDocument();
    const parameters = document.paths['/api/ribbon/call-logs'].get.parameters as {
      name: string;
      in: string;
      schema: { type?: string; maximum?: number; enum?: string[] };
    }[];
    assert.deepEqual(
      parameters.map((p) => p.name),
      ['page', 'pageSize', 'startDate', 'endDate', 'customerId', 'callDirection', 'status'],
    );
    const pageSize = parameters.find((p) => p.name === 'pageSize');
    assert.equal(pageSize?.schema.type, 'integer');
    assert.equal(pageSize?.schema.maximum, 500);
    assert.deepEqual(parameters.find((p) => p.name === 'callDirection')?.schema.enum, [
      'inbound',
      'outbound',
    ]);
    const customer = document.paths['/api/ribbon/customer/{id}'].get.parameters;
    assert.deepEqual(customer[0], {
      name: 'id',
      in: 'path',
      required: true,
      description: customer[0].description,
      schema: { type: 'string' },
    });
  });

  it('resolves every $ref inside the document', async () => {
    const document = await fetchDocument();
    const refs: string[] = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (key === '$ref' && typeof child === 'string') refs.push(child);
          else walk(child);
        }
      }
    };
    walk(document);
    assert.ok(refs.length > 20);
    for (const ref of refs) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<Json>((node, key) => node?.[key], document);
      assert.ok(target, `${ref} resolves`);
    }
  });
});

describe('GET /docs', () => {
  it('is the interactive reference: Swagger UI from this server reading /openapi.json, linked to the demo', async () => {
    const response = await app.request('/docs');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i, 'nothing from a CDN');
    const loaded = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    for (const path of [
      '/vendor/swagger-ui/swagger-ui-bundle.js',
      '/vendor/swagger-ui/swagger-ui.css',
      '/examples/shared/api-docs.js',
      '/examples/shared/api-docs.css',
      '/openapi.json',
      '/',
      '/docs/static',
    ]) {
      assert.ok(loaded.includes(path), `links ${path}`);
      const target = await app.request(path);
      assert.equal(target.status, 200, `${path} answers`);
    }
  });
});

describe('GET /docs/static', () => {
  it('is a self-contained HTML page listing each operation with its parameters and an example', async () => {
    const response = await app.request('/docs/static');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i);
    for (const operation of SEED_000) {
      const [method, path] = operation.split(' ') as [string, string];
      assert.ok(
        html.includes(`${method}</span> <code>${openApiPath(path)}</code>`),
        `${operation} on the page`,
      );
    }
    assert.ok(html.includes('<code>pageSize</code>'));
    // An example response shape, generated from the schema.
    assert.match(html, /&#34;callHistory&#34;: \[/);
  });
});
