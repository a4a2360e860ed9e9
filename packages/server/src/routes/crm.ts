import {
  CRM_ENTITIES,
  CRM_ENTITY_NAMES,
  CrmBulkRequest,
  CrmBulkResponse,
  type CrmEntity,
  CrmListQuery,
  CrmListResponse,
  CrmSettings,
  MAX_CRM_BATCH,
} from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { type CrmRecord, isCrmEntity, validateRecord } from '../crm/records.ts';
import { isIndianState } from '../dashboards/gst.ts';
import { requireTenant } from '../http/auth.ts';
import { jsonBody, readJson } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import {
  API_KEY,
  component,
  errors,
  type JsonSchema,
  json,
  jsonBodyOf,
  pathParam,
  routeApp,
  tenantErrors,
} from '../openapi/declare.ts';

/** How many invalid records a bulk rejection names before summarising. */
const NAMED_FAILURES = 10;

/** `sales-targets` -> `CrmSalesTarget`: the component name of a CRM entity's record. */
const componentName = (entity: string): string => {
  const pascal = entity.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
  return `Crm${pascal.endsWith('ies') ? `${pascal.slice(0, -3)}y` : pascal.replace(/s$/, '')}`;
};

const recordSchemas = Object.entries(CRM_ENTITIES).map(([entity, schema]) =>
  component(componentName(entity), schema as z.ZodType),
);
const AnyCrmRecord = z.union(recordSchemas).meta({ description: 'A record of the entity the path names' });
const anyCrmRecordBody: JsonSchema = {
  description: 'A record of the entity the path names; `id` may be left out (the path gives it)',
  anyOf: CRM_ENTITY_NAMES.map((entity) => ({ $ref: `#/components/schemas/${componentName(entity)}` })),
};

// Validated by the handler, so an unknown entity is a 404 naming the known ones rather than a 400.
const EntityParams = z.object({
  entity: pathParam('The kind of CRM record', { enum: CRM_ENTITY_NAMES }),
});
const RecordParams = EntityParams.extend({
  id: pathParam('The record’s id in the CRM'),
});
const CrmSettingsSchema = component('CrmSettings', CrmSettings);

const getCrmSettings = createRoute({
  method: 'get',
  path: '/settings',
  operationId: 'getCrmSettings',
  tags: ['CRM records'],
  summary: 'Dashboard settings: the GST home state',
  description: 'The supplier’s state for GST: invoices to it are intra-state (CGST + SGST), others IGST.',
  security: API_KEY,
  responses: {
    200: json('The settings', CrmSettingsSchema),
    ...tenantErrors(),
  },
});

const setCrmSettings = createRoute({
  method: 'put',
  path: '/settings',
  operationId: 'setCrmSettings',
  tags: ['CRM records'],
  summary: 'Set the GST home state',
  description: 'An Indian state or union territory, as the billing dashboard names it (default Maharashtra).',
  security: API_KEY,
  request: { body: jsonBodyOf(CrmSettingsSchema, { required: true, description: 'The settings' }) },
  responses: {
    200: json('The settings', CrmSettingsSchema),
    ...errors(400, 413, 415),
    ...tenantErrors(),
  },
});

const listCrmRecords = createRoute({
  method: 'get',
  path: '/{entity}',
  operationId: 'listCrmRecords',
  tags: ['CRM records'],
  summary: 'One page of the client’s records of a kind',
  description: 'In id order.',
  security: API_KEY,
  request: { params: EntityParams, query: CrmListQuery },
  responses: {
    200: json('The records', component('CrmListResponse', CrmListResponse)),
    ...errors(400, 404),
    ...tenantErrors(),
  },
});

const upsertCrmRecords = createRoute({
  method: 'post',
  path: '/{entity}',
  operationId: 'upsertCrmRecords',
  tags: ['CRM records'],
  summary: `Create or update up to ${MAX_CRM_BATCH} records at once; all are stored, or none`,
  description:
    'Each record is validated against the entity’s schema; when any is invalid none is stored and the message names the first ten.',
  security: API_KEY,
  request: {
    params: EntityParams,
    body: jsonBodyOf(component('CrmBulkRequest', CrmBulkRequest), {
      required: true,
      description: 'The records, each with its CRM id',
    }),
  },
  responses: {
    200: json('How many were created and updated', component('CrmBulkResponse', CrmBulkResponse)),
    ...errors(400, 404, 413, 415),
    ...tenantErrors(),
  },
});

const getCrmRecord = createRoute({
  method: 'get',
  path: '/{entity}/{id}',
  operationId: 'getCrmRecord',
  tags: ['CRM records'],
  summary: 'One record',
  description: 'As it was last stored.',
  security: API_KEY,
  request: { params: RecordParams },
  responses: {
    200: json('The record', AnyCrmRecord),
    ...errors(404),
    ...tenantErrors(),
  },
});

const putCrmRecord = createRoute({
  method: 'put',
  path: '/{entity}/{id}',
  operationId: 'putCrmRecord',
  tags: ['CRM records'],
  summary: 'Create or replace one record (201 when created)',
  description: 'The body is validated against the entity’s schema; an `id` in it must equal the path’s.',
  security: API_KEY,
  request: {
    params: RecordParams,
    body: {
      required: true,
      description: 'The record',
      content: { 'application/json': { schema: anyCrmRecordBody } },
    },
  },
  responses: {
    200: json('The stored record, replaced', AnyCrmRecord),
    201: json('The stored record, created', AnyCrmRecord),
    ...errors(400, 404, 413),
    ...tenantErrors(),
  },
});

const deleteCrmRecord = createRoute({
  method: 'delete',
  path: '/{entity}/{id}',
  operationId: 'deleteCrmRecord',
  tags: ['CRM records'],
  summary: 'Delete one record',
  description: 'The dashboards stop counting it at once.',
  security: API_KEY,
  request: { params: RecordParams },
  responses: {
    204: { description: 'Deleted' },
    ...errors(404),
    ...tenantErrors(),
  },
});

const entityOf = (c: Context): CrmEntity => {
  const name = c.req.param('entity') ?? '';
  if (!isCrmEntity(name)) {
    throw new HttpError(404, `Unknown CRM entity "${name}": expected one of ${CRM_ENTITY_NAMES.join(', ')}`);
  }
  return name;
};

/** Checked before the body, so an unknown entity is a 404 whatever was sent. */
const knownEntity = createMiddleware(async (c, next) => {
  entityOf(c);
  await next();
});

/** `/api/crm/*`: the CRM pushes its records here, one by one or in batches of up to 1000. */
export const crmRoutes = (deps: AppDeps) => {
  const { crm } = deps.stores;
  const tenant = requireTenant(deps);
  return routeApp()
    .openapi({ ...getCrmSettings, middleware: [tenant] }, async (c) =>
      c.json({ homeState: await crm.homeState(c.var.tenant.id) } satisfies CrmSettings, 200),
    )
    .openapi({ ...setCrmSettings, middleware: [tenant, jsonBody()] }, async (c) => {
      const settings = c.req.valid('json');
      if (!isIndianState(settings.homeState)) {
        throw new HttpError(
          400,
          `Invalid body: homeState: "${settings.homeState}" is not an Indian state or union territory`,
        );
      }
      await crm.setHomeState(c.var.tenant.id, settings.homeState);
      return c.json(settings, 200);
    })
    .openapi({ ...listCrmRecords, middleware: [tenant, knownEntity] }, async (c) => {
      const entity = entityOf(c);
      const { page, pageSize } = c.req.valid('query');
      const { records, total } = await crm.list(c.var.tenant.id, entity, page, pageSize);
      return c.json({ records, page, pageSize, total } satisfies CrmListResponse, 200);
    })
    .openapi({ ...upsertCrmRecords, middleware: [tenant, knownEntity, jsonBody()] }, async (c) => {
      const entity = entityOf(c);
      const { records } = c.req.valid('json');
      const valid: CrmRecord[] = [];
      const failures: string[] = [];
      records.forEach((input, index) => {
        const result = validateRecord(entity, input);
        if (result.ok) valid.push(result.record);
        else failures.push(`records.${index}: ${result.message}`);
      });
      if (failures.length > 0) {
        const more = failures.length > NAMED_FAILURES ? `; and ${failures.length - NAMED_FAILURES} more` : '';
        throw new HttpError(
          400,
          `Invalid body: ${failures.length} of ${records.length} records are invalid, none stored: ${failures.slice(0, NAMED_FAILURES).join('; ')}${more}`,
        );
      }
      const result = await crm.upsert(c.var.tenant.id, entity, valid, deps.clock());
      return c.json(result satisfies CrmBulkResponse, 200);
    })
    .openapi({ ...getCrmRecord, middleware: [tenant, knownEntity] }, async (c) => {
      const entity = entityOf(c);
      const { id } = c.req.valid('param');
      const record = await crm.get(c.var.tenant.id, entity, id);
      if (!record) throw new HttpError(404, `No ${entity} record with id "${id}"`);
      return c.json(record, 200);
    })
    .openapi({ ...putCrmRecord, middleware: [tenant, knownEntity] }, async (c) => {
      const entity = entityOf(c);
      const { id } = c.req.valid('param');
      const body = await readJson(c);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new HttpError(400, 'Invalid body: expected a JSON object');
      }
      const input = body as Record<string, unknown>;
      if (input.id !== undefined && input.id !== id) {
        throw new HttpError(400, `Invalid body: id: "${String(input.id)}" differs from the path's "${id}"`);
      }
      const result = validateRecord(entity, { ...input, id });
      if (!result.ok) throw new HttpError(400, `Invalid body: ${result.message}`);
      const { created } = await crm.upsert(c.var.tenant.id, entity, [result.record], deps.clock());
      return c.json(result.record, created === 1 ? 201 : 200);
    })
    .openapi({ ...deleteCrmRecord, middleware: [tenant, knownEntity] }, async (c) => {
      const entity = entityOf(c);
      const { id } = c.req.valid('param');
      if (!(await crm.delete(c.var.tenant.id, entity, id))) {
        throw new HttpError(404, `No ${entity} record with id "${id}"`);
      }
      return c.body(null, 204);
    });
};
