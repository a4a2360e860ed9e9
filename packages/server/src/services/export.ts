import type { Call } from '@call-ribbon/contract';
import { csvHeader, csvRow } from '../calls/csv.ts';

/** Byte-order mark: spreadsheet software then reads the file as UTF-8. */
const BOM = '\uFEFF';

export type ExportFormat = 'csv' | 'json';

/**
 * Concurrent exports per tenant, counted in this process: a tenant's third export waits for
 * one of its first two to end, so no key can take the server's disk and CPU for itself.
 */
export class ExportSlots {
  private readonly running = new Map<string, number>();
  readonly perTenant: number;

  constructor(perTenant: number) {
    this.perTenant = perTenant;
  }

  /** A release function when a slot is free, else undefined. Release is idempotent. */
  acquire(tenantId: string): (() => void) | undefined {
    const count = this.running.get(tenantId) ?? 0;
    if (count >= this.perTenant) return undefined;
    this.running.set(tenantId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(tenantId) ?? 1) - 1;
      if (left === 0) this.running.delete(tenantId);
      else this.running.set(tenantId, left);
    };
  }
}

/**
 * The export body: one chunk of calls is read only when the client has taken the previous
 * one (pull), so memory stays flat whatever the size, and the store yields to the event
 * loop between chunks. `done` runs once, when the body ends, fails or is cancelled.
 */
export const exportBody = (
  chunks: AsyncIterableIterator<Call[]>,
  format: ExportFormat,
  done: () => void,
): ReadableStream<Uint8Array> => {
  const encoder = new TextEncoder();
  let first = true;
  const finish = () => {
    done();
    void chunks.return?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(format === 'csv' ? BOM + csvHeader() : '['));
      },
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) {
            if (format === 'json') controller.enqueue(encoder.encode(']'));
            controller.close();
            finish();
            return;
          }
          let text = '';
          for (const call of next.value) {
            if (format === 'csv') text += csvRow(call);
            else {
              text += (first ? '' : ',') + JSON.stringify(call);
              first = false;
            }
          }
          controller.enqueue(encoder.encode(text));
        } catch (error) {
          finish();
          controller.error(error);
        }
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 1 },
  );
};
