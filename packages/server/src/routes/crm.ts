import {
  CRM_ENTITY_NAMES,
  CrmBulkRequest,
  type CrmBulkResponse,
  type CrmEntity,
  CrmListQuery,
  type CrmListResponse,
  CrmSettings,
} from '@call-ribbon/contract';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { type CrmRecord, isCrmEntity, validateRecord } from '../crm/records.ts';
import { isIndianState } from '../dashboards/gst.ts';
import { requireTenant } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { parseJson, parseQuery, readJson } from '../http/validate.ts';

/** How many invalid records a bulk rejection names before summarising. */
const NAMED_FAILURES = 10;

const entityOf = (c: Context<AppEnv>): CrmEntity => {
  const name = c.req.param('entity') ?? '';
  if (!isCrmEntity(name)) {
    throw new HttpError(404, `Unknown CRM entity "${name}": expected one of ${CRM_ENTITY_NAMES.join(', ')}`);
  }
  return name;
};

/** `/api/crm/*`: the CRM pushes its records here, one by one or in batches of up to 1000. */
export const crmRoutes = () =>
  new Hono<AppEnv>()
    .use(requireTenant)
    .get('/settings', (c) =>
      c.json({ homeState: c.var.stores.crm.homeState(c.var.tenant.id) } satisfies CrmSettings),
    )
    .put('/settings', async (c) => {
      const settings = await parseJson(c, CrmSettings);
      if (!isIndianState(settings.homeState)) {
        throw new HttpError(
          400,
          `Invalid body: homeState: "${settings.homeState}" is not an Indian state or union territory`,
        );
      }
      c.var.stores.crm.setHomeState(c.var.tenant.id, settings.homeState);
      return c.json(settings);
    })
    .get('/:entity', (c) => {
      const entity = entityOf(c);
      const { page, pageSize } = parseQuery(c, CrmListQuery);
      const { records, total } = c.var.stores.crm.list(c.var.tenant.id, entity, page, pageSize);
      return c.json({ records, page, pageSize, total } satisfies CrmListResponse);
    })
    .post('/:entity', async (c) => {
      const entity = entityOf(c);
      const { records } = await parseJson(c, CrmBulkRequest);
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
      const result = c.var.stores.crm.upsert(c.var.tenant.id, entity, valid, c.var.deps.clock());
      return c.json(result satisfies CrmBulkResponse);
    })
    .get('/:entity/:id', (c) => {
      const entity = entityOf(c);
      const record = c.var.stores.crm.get(c.var.tenant.id, entity, c.req.param('id'));
      if (!record) throw new HttpError(404, `No ${entity} record with id "${c.req.param('id')}"`);
      return c.json(record);
    })
    .put('/:entity/:id', async (c) => {
      const entity = entityOf(c);
      const id = c.req.param('id');
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
      const { created } = c.var.stores.crm.upsert(
        c.var.tenant.id,
        entity,
        [result.record],
        c.var.deps.clock(),
      );
      return c.json(result.record, created === 1 ? 201 : 200);
    })
    .delete('/:entity/:id', (c) => {
      const entity = entityOf(c);
      const id = c.req.param('id');
      if (!c.var.stores.crm.delete(c.var.tenant.id, entity, id)) {
        throw new HttpError(404, `No ${entity} record with id "${id}"`);
      }
      return c.body(null, 204);
    });
