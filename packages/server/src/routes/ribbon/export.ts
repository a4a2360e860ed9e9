import { ExportQuery } from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../app-deps.ts';
import { dateRange } from '../../calls/date-filter.ts';
import { requireTenant } from '../../http/auth.ts';
import { HttpError } from '../../http/errors.ts';
import { API_KEY, ErrorBodySchema, errors, routeApp, tenantErrors } from '../../openapi/declare.ts';
import { exportBody } from '../../services/export.ts';

/** Rows read from the database per pull of the response stream. */
const CHUNK_ROWS = 1000;
/** A client refused a third export may retry after this long (seconds). */
const RETRY_AFTER_SECONDS = 10;

const fileNamePart = (value: string) => value.replace(/[^0-9A-Za-z.-]+/g, '-');

const exportCalls = createRoute({
  method: 'get',
  path: '/export/calls',
  operationId: 'exportCalls',
  tags: ['Analytics'],
  summary: 'Export calls as CSV or JSON (streamed)',
  description:
    'Oldest first, with the filters of the call logs. At most two exports of a client run at once (by default); another is a 429 with `Retry-After`. CSV is RFC 4180 with a header row (and a byte-order mark for spreadsheets); cells a spreadsheet would run as formulas are neutralised. The file is streamed in chunks, read as the client takes them.',
  security: API_KEY,
  request: { query: ExportQuery },
  responses: {
    200: {
      description: 'The file, as an attachment',
      headers: {
        'Content-Disposition': {
          description: 'The file name, from the range',
          schema: {
            type: 'string',
            example: 'attachment; filename="call-logs-2025-10-01-to-2025-10-31.csv"',
          },
        },
      },
      content: {
        'text/csv': {
          schema: { type: 'string', description: 'One row per call, columns as in the JSON form' },
        },
        'application/json': {
          schema: { type: 'string', description: 'A JSON array of calls, as the call logs list them' },
        },
      },
    },
    ...errors(400),
    ...tenantErrors(),
    429: {
      description: 'Two exports of this client are already running',
      headers: {
        'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
      },
      content: { 'application/json': { schema: ErrorBodySchema } },
    },
  },
});

/** `GET /api/ribbon/export/calls`, mounted under `/api/ribbon`: streamed, oldest first. */
export const exportRoutes = (deps: AppDeps) =>
  routeApp().openapi({ ...exportCalls, middleware: [requireTenant(deps)] }, (c) => {
    const query = c.req.valid('query');
    const { from, to } = dateRange(query.startDate, query.endDate);
    const release = deps.exports.acquire(c.var.tenant.id);
    if (!release) {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new HttpError(
        429,
        `${deps.exports.perTenant} exports of this client are already running: try again when one has finished`,
      );
    }
    const chunks = deps.stores.calls.chunks(
      c.var.tenant.id,
      { from, to, customerId: query.customerId, direction: query.callDirection, status: query.status },
      CHUNK_ROWS,
    );
    const start = fileNamePart(query.startDate ?? 'all');
    const end = fileNamePart(query.endDate ?? deps.clock().toISOString().slice(0, 10));
    return c.body(exportBody(chunks, query.format, release), 200, {
      'Content-Type': query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="call-logs-${start}-to-${end}.${query.format}"`,
      'Cache-Control': 'no-store',
    });
  });
