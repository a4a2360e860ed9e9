import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent } from '@call-ribbon/contract';
import { callEventStore } from '../engines/sqlite/call-events.ts';
import { callStore } from '../engines/sqlite/calls.ts';
import { sqliteTenantStore as tenantStore } from '../engines/sqlite/index.ts';
import { openDatabase } from '../engines/sqlite/open.ts';
import type { CallEventStore, IngestBatch, IngestResult } from '../stores/call-events.ts';
import { createGroupCommit } from './ingest.ts';

const NOW = new Date('2025-10-20T12:00:00Z');
const dialing = (callId: string, eventId = `${callId}-1`): CallEvent => ({
  eventId,
  event: 'dialing',
  callId,
  timestamp: '2025-10-20T11:00:00.000Z',
  direction: 'outbound',
  phoneNumber: '+919876543210',
});
const batch = (tenantId: string, ...events: CallEvent[]): IngestBatch => ({
  tenantId,
  events,
  receivedAt: NOW,
});

/** A call event store that records each append, can hold appends open, and refuses any append with a batch of tenant `bad`. */
const recordingStore = () => {
  const appends: string[][] = [];
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  const store: CallEventStore & { appends: string[][]; hold(): void; release(): void } = {
    appends,
    hold() {
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    release() {
      open?.();
    },
    async append(batches) {
      appends.push(batches.map((item) => item.tenantId));
      await gate;
      if (batches.some((item) => item.tenantId === 'bad')) throw new Error('refused');
      return batches.map((item): IngestResult => ({ accepted: item.events.length, duplicates: 0 }));
    },
    async forCalls() {
      return [];
    },
    async after() {
      return [];
    },
    async lastSeq() {
      return 0;
    },
  };
  return store;
};

describe('createGroupCommit', () => {
  it('writes batches that arrive together with one append and gives each caller its own result', async () => {
    const store = recordingStore();
    const ingest = createGroupCommit(store);
    const results = await Promise.all([
      ingest(batch('a', dialing('1'))),
      ingest(batch('b', dialing('2'), dialing('3'))),
      ingest(batch('a', dialing('4'), dialing('5'), dialing('6'))),
    ]);
    assert.deepEqual(store.appends, [['a', 'b', 'a']]);
    assert.deepEqual(
      results.map((result) => result.accepted),
      [1, 2, 3],
    );
  });

  it('fails only the bad batch: when the shared append fails, each batch is written on its own', async () => {
    const store = recordingStore();
    const ingest = createGroupCommit(store);
    const outcomes = await Promise.allSettled([
      ingest(batch('a', dialing('1'))),
      ingest(batch('bad', dialing('2'))),
      ingest(batch('b', dialing('3'))),
    ]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(store.appends, [['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
  });

  it('collects the batches that arrive while a write runs into the next append', async () => {
    const store = recordingStore();
    store.hold();
    const ingest = createGroupCommit(store);
    const first = ingest(batch('a', dialing('1')));
    await new Promise(setImmediate);
    assert.deepEqual(store.appends, [['a']]);
    const later = [ingest(batch('b', dialing('2'))), ingest(batch('c', dialing('3')))];
    await new Promise(setImmediate);
    assert.deepEqual(store.appends, [['a']], 'no second transaction while the first runs');
    store.release();
    await Promise.all([first, ...later]);
    assert.deepEqual(store.appends, [['a'], ['b', 'c']]);
  });

  it('caps a group at maxGroupEvents, never splitting a batch, and writes the rest next', async () => {
    const store = recordingStore();
    const ingest = createGroupCommit(store, { maxGroupEvents: 3 });
    const results = await Promise.all([
      ingest(batch('a', dialing('1'), dialing('2'))),
      ingest(batch('b', dialing('3'))),
      ingest(batch('c', dialing('4'))),
      ingest(batch('d', dialing('5'), dialing('6'), dialing('7'), dialing('8'))),
      ingest(batch('e', dialing('9'))),
    ]);
    assert.deepEqual(store.appends, [['a', 'b'], ['c'], ['d'], ['e']]);
    assert.deepEqual(
      results.map((result) => result.accepted),
      [2, 1, 1, 4, 1],
    );
  });

  it('on SQLite: duplicates across grouped requests are acknowledged, not stored twice', async () => {
    const db = openDatabase(':memory:');
    await tenantStore(db).create({ id: 't', name: 'T', apiKey: 'k' }, NOW);
    const ingest = createGroupCommit(callEventStore(db));
    const results = await Promise.all([
      ingest(batch('t', dialing('c1'))),
      ingest(batch('t', dialing('c1'), dialing('c2'))),
      ingest(batch('no-such-tenant', dialing('c3'))).catch(() => 'refused'),
    ]);
    assert.deepEqual(results, [{ accepted: 1, duplicates: 0 }, { accepted: 1, duplicates: 1 }, 'refused']);
    assert.equal((await callStore(db).list('t', {}, 1, 10)).total, 2);
  });
});
