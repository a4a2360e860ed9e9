import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type Fault, faultProxy } from './proxy.ts';
import {
  assertStoredExactlyOnce,
  batch,
  exited,
  faultDatabase,
  postBatch,
  startServerProcess,
} from './support.ts';

const BATCHES = 60;
const MAX_ATTEMPTS = 60;
/** A fixed, repeating mix: most attempts fail, in every way a 503 storm and a slow server fail. */
const STORM: Fault[] = [
  'refuse',
  'lose-answer',
  'slow',
  'refuse',
  'pass',
  'lose-answer',
  'refuse',
  'slow',
  'pass',
];

describe('a storm of 503s and a slow server while a client sends', async () => {
  const database = await faultDatabase();
  after(() => database.cleanup());

  it('loses nothing and counts nothing twice when the client resends with the same event ids', async () => {
    const { url, child } = await startServerProcess(database.path);
    const proxy = await faultProxy(url, (n) => STORM[n % STORM.length]!);
    const attempts: number[] = [];
    try {
      let next = 0;
      const worker = async () => {
        while (next < BATCHES) {
          const b = next++;
          const events = batch(b);
          for (let attempt = 1; ; attempt++) {
            assert.ok(attempt <= MAX_ATTEMPTS, `batch ${b} never got through`);
            try {
              const { status, body } = await postBatch(proxy.url, events, AbortSignal.timeout(300));
              if (status === 200) {
                assert.equal(body.accepted + body.duplicates, events.length);
                attempts.push(attempt);
                break;
              }
              assert.equal(status, 503);
            } catch (error) {
              assert.equal((error as Error).name, 'TimeoutError');
            }
          }
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      await proxy.drain();
    } finally {
      await proxy.close();
      child.kill('SIGTERM');
      await exited(child);
    }
    // Every kind of fault was hit, and batches needed more than one attempt.
    for (const fault of ['refuse', 'lose-answer', 'slow', 'pass'] as const)
      assert.ok(proxy.counts[fault] > 0, fault);
    assert.ok(attempts.some((n) => n > 1));
    await assertStoredExactlyOnce(database.path, BATCHES);
  });
});

describe('a batch aborted by the client mid-request', async () => {
  const database = await faultDatabase();
  after(() => database.cleanup());

  it('is counted once when retried with the same ids, whether or not the aborted request reached the server', async () => {
    const { url, child } = await startServerProcess(database.path);
    // Request 0 reaches the server after the client aborted; request 3 never does.
    const proxy = await faultProxy(url, (n) => (n === 0 ? 'slow' : n === 3 ? 'refuse' : 'pass'));
    try {
      const abortWhenReceived = async (b: number) => {
        const controller = new AbortController();
        proxy.onReceived(() => controller.abort());
        await assert.rejects(postBatch(proxy.url, batch(b), controller.signal), { name: 'AbortError' });
      };
      await abortWhenReceived(0);
      await proxy.drain();
      const retried = await postBatch(proxy.url, batch(0));
      assert.equal(retried.status, 200);
      assert.deepEqual([retried.body.accepted, retried.body.duplicates], [0, batch(0).length]);

      assert.equal((await postBatch(proxy.url, batch(1))).status, 200);
      // Request 3: the proxy refuses it (the client sees 503); the retry is the first to arrive.
      assert.equal((await postBatch(proxy.url, batch(2))).status, 503);
      const second = await postBatch(proxy.url, batch(2));
      assert.deepEqual([second.body.accepted, second.body.duplicates], [batch(2).length, 0]);
    } finally {
      await proxy.close();
      child.kill('SIGTERM');
      await exited(child);
    }
    await assertStoredExactlyOnce(database.path, 3);
  });
});
