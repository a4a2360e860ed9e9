import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LeaseFlushLock, LocalFlushLock } from './flush-lock.ts';

const sharedStorage = () => {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
};

test('a lease lets one tab flush while another is refused, and is released after', async () => {
  const storage = sharedStorage();
  const now = 1_000;
  const tabA = new LeaseFlushLock(storage, 'q', { leaseMs: 30_000, now: () => now });
  const tabB = new LeaseFlushLock(storage, 'q', { leaseMs: 30_000, now: () => now });
  let release!: () => void;
  const running = tabA.runExclusive(() => new Promise<void>((resolve) => (release = resolve)));
  assert.equal(
    await tabB.runExclusive(async () => assert.fail('B must not run while A holds the lease')),
    false,
  );
  release();
  assert.equal(await running, true);
  let ran = false;
  assert.equal(
    await tabB.runExclusive(async () => {
      ran = true;
    }),
    true,
  );
  assert.equal(ran, true);
});

test("a dead tab's lease expires and another tab takes over", async () => {
  const storage = sharedStorage();
  let now = 1_000;
  storage.setItem('q:lease', JSON.stringify({ owner: 'a tab that died', expiresAt: now + 30_000 }));
  const tab = new LeaseFlushLock(storage, 'q', { leaseMs: 30_000, now: () => now });
  assert.equal(await tab.runExclusive(async () => {}), false);
  now += 30_001;
  assert.equal(await tab.runExclusive(async () => {}), true);
});

test('within one page, a second flush is skipped while one runs', async () => {
  const lock = new LocalFlushLock();
  let release!: () => void;
  const first = lock.runExclusive(() => new Promise<void>((resolve) => (release = resolve)));
  assert.equal(await lock.runExclusive(async () => {}), false);
  release();
  assert.equal(await first, true);
});
