import { ExportQuery } from '@call-ribbon/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { csvHeader, csvRow } from '../../calls/csv.ts';
import { dateRange } from '../../calls/date-filter.ts';
import { requireTenant } from '../../http/auth.ts';
import { parseQuery } from '../../http/validate.ts';

/** Rows read from the database per pull of the response stream. */
const CHUNK_ROWS = 1000;
/** Byte-order mark: spreadsheet software then reads the file as UTF-8. */
const BOM = '\uFEFF';

const fileNamePart = (value: string) => value.replace(/[^0-9A-Za-z.-]+/g, '-');

/** `GET /api/ribbon/export/calls`, mounted under `/api/ribbon`: streamed, oldest first. */
export const exportRoutes = () =>
  new Hono<AppEnv>().get('/export/calls', requireTenant, (c) => {
    const query = parseQuery(c, ExportQuery);
    const { from, to } = dateRange(query.startDate, query.endDate);
    const chunks = c.var.stores.calls.iterate(
      c.var.tenant.id,
      { from, to, customerId: query.customerId, direction: query.callDirection, status: query.status },
      CHUNK_ROWS,
    );
    const csv = query.format === 'csv';
    const encoder = new TextEncoder();
    let first = true;
    // Pull-based: the next chunk is read only when the client has taken the previous one.
    const stream = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          controller.enqueue(encoder.encode(csv ? BOM + csvHeader() : '['));
        },
        pull(controller) {
          const next = chunks.next();
          if (next.done) {
            if (!csv) controller.enqueue(encoder.encode(']'));
            controller.close();
            return;
          }
          let text = '';
          for (const call of next.value) {
            if (csv) text += csvRow(call);
            else {
              text += (first ? '' : ',') + JSON.stringify(call);
              first = false;
            }
          }
          controller.enqueue(encoder.encode(text));
        },
        cancel() {
          chunks.return(undefined);
        },
      },
      { highWaterMark: 1 },
    );
    const start = fileNamePart(query.startDate ?? 'all');
    const end = fileNamePart(query.endDate ?? c.var.deps.clock().toISOString().slice(0, 10));
    return c.body(stream, 200, {
      'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="call-logs-${start}-to-${end}.${query.format}"`,
      'Cache-Control': 'no-store',
    });
  });
