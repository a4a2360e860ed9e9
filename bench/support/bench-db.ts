// Databases of 1M+ calls for the read benchmarks, built once and kept in a cache directory
// outside the repository; reused while the schema, the generator and the size match.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCalls } from '../../packages/server/src/engines/sqlite/calls-import.ts';
import { sqliteTenantStore as tenantStore } from '../../packages/server/src/engines/sqlite/index.ts';
import { migrations } from '../../packages/server/src/engines/sqlite/migrations/index.ts';
import { openDatabase } from '../../packages/server/src/engines/sqlite/open.ts';
import { benchCalls } from './calls-data.ts';

export const BENCH_TENANT = 'bench';
export const BENCH_KEY = 'bench-api-key';

const here = dirname(fileURLToPath(import.meta.url));

export const cacheDir = (): string =>
  process.env.BENCH_CACHE_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'call-ribbon-bench');

/** Changes when the schema or the data generator or the importer changes, so stale files are not reused. */
const fingerprint = (): string => {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(migration.up);
  for (const file of ['calls-data.ts', 'bench-db.ts']) hash.update(readFileSync(join(here, file)));
  for (const file of [
    'engines/sqlite/calls-import.ts',
    'engines/sqlite/call-rollups.ts',
    'calls/rollup-cells.ts',
  ]) {
    hash.update(readFileSync(join(here, '../../packages/server/src', file)));
  }
  hash.update(readFileSync(join(here, '../../packages/server/src/calls/derive.ts')));
  return hash.digest('hex').slice(0, 12);
};

export interface BenchDatabase {
  path: string;
  calls: number;
  /** Seconds spent building it in this run; 0 when reused from the cache. */
  buildSeconds: number;
}

/** A database whose tenant `bench` (key BENCH_KEY, Asia/Kolkata) holds `count` calls. */
export const callsDatabase = async (count: number): Promise<BenchDatabase> => {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `calls-${count}-v${migrations.length}-${fingerprint()}.sqlite`);
  if (existsSync(path)) {
    process.stdout.write(`  reusing ${path}\n`);
    return { path, calls: count, buildSeconds: 0 };
  }
  // Files of this size from an older schema or generator are never read again.
  for (const stale of readdirSync(dir).filter((name) => name.startsWith(`calls-${count}-`))) {
    rmSync(join(dir, stale), { force: true });
  }
  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const started = performance.now();
  const db = openDatabase(partial);
  // A throwaway file until renamed: no journal and no fsync while loading.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  await tenantStore(db).create(
    { id: BENCH_TENANT, name: 'Bench', apiKey: BENCH_KEY, timezone: 'Asia/Kolkata' },
    new Date('2025-01-01T00:00:00Z'),
  );
  let reported = 0;
  importCalls(db, BENCH_TENANT, benchCalls(count), {
    receivedAt: new Date('2026-01-01T00:00:00Z'),
    chunkSize: 50_000,
    rebuildIndexes: true,
    onProgress: (done) => {
      if (done - reported >= 1_000_000) {
        reported = done;
        process.stdout.write(
          `  ${done.toLocaleString('en-US')} calls, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
        );
      }
    },
  });
  db.exec('ANALYZE');
  db.pragma('journal_mode = WAL');
  db.close();
  renameSync(partial, path);
  const buildSeconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `  built ${count.toLocaleString('en-US')} calls in ${buildSeconds.toFixed(1)} s: ${path}\n`,
  );
  return { path, calls: count, buildSeconds };
};
