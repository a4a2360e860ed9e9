import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertStoredExactlyOnce,
  batch,
  exited,
  faultDatabase,
  postBatch,
  startServerProcess,
} from './support.ts';

const BATCHES = 120;
const CONCURRENCY = 4;
/** Kill the server once this many batches were acknowledged: others are in flight then. */
const KILL_AFTER_ACKS = 40;

describe('server killed with SIGKILL during an ingest load', async () => {
  const database = await faultDatabase();
  after(() => database.cleanup());

  const acknowledged = new Set<number>();
  const inFlightAtKill = new Set<number>();

  before(async () => {
    const { url, child } = await startServerProcess(database.path);
    let next = 0;
    let killed = false;
    const inFlight = new Set<number>();
    const worker = async () => {
      while (!killed && next < BATCHES) {
        const b = next++;
        inFlight.add(b);
        try {
          const { status } = await postBatch(url, batch(b));
          if (status >= 200 && status < 300) acknowledged.add(b);
        } catch {
          // The connection died with the server: this batch was not acknowledged.
        }
        inFlight.delete(b);
        if (!killed && acknowledged.size >= KILL_AFTER_ACKS) {
          killed = true;
          for (const pending of inFlight) inFlightAtKill.add(pending);
          child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await exited(child);
    assert.equal(child.signalCode, 'SIGKILL');
  });

  it('keeps every acknowledged batch after a restart, and re-sending finds them all as duplicates', async () => {
    assert.ok(acknowledged.size >= KILL_AFTER_ACKS);
    assert.ok(inFlightAtKill.size > 0, 'the kill should land while batches are in flight');
    const { url, child } = await startServerProcess(database.path);
    try {
      for (let b = 0; b < BATCHES; b++) {
        const events = batch(b);
        const { status, body } = await postBatch(url, events);
        assert.equal(status, 200);
        assert.equal(body.accepted + body.duplicates, events.length);
        if (acknowledged.has(b)) {
          assert.deepEqual(
            [body.accepted, body.duplicates],
            [0, events.length],
            `acknowledged batch ${b} lost events`,
          );
        } else {
          // A batch is one transaction: stored whole or not at all, never in part.
          assert.ok(
            body.accepted === 0 || body.accepted === events.length,
            `batch ${b} was stored in part: ${body.accepted} of ${events.length}`,
          );
        }
      }
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
    await assertStoredExactlyOnce(database.path, BATCHES);
  });
});
