// The read benchmarks' calls on PostgreSQL: a cluster kept across runs in a folder under the
// system's temporary directory (the `postgres` user must reach it when running as root, so
// not under ~/.cache), built once per size with the same calls as the SQLite files and
// reused while the schema, the generator and the importer match.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCalls } from '../../packages/server/src/engines/postgres/calls-import.ts';
import { postgresTenantStore as tenantStore } from '../../packages/server/src/engines/postgres/index.ts';
import { migrations } from '../../packages/server/src/engines/postgres/migrations/index.ts';
import { openPostgres } from '../../packages/server/src/engines/postgres/open.ts';
import {
  createDatabase,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../../packages/server/src/test-support/postgres.ts';
import { BENCH_KEY, BENCH_TENANT } from './bench-db.ts';
import { benchCalls } from './calls-data.ts';

const here = dirname(fileURLToPath(import.meta.url));

const fingerprint = (): string => {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(migration.up);
  for (const file of ['calls-data.ts', 'bench-postgres.ts']) hash.update(readFileSync(join(here, file)));
  for (const file of [
    'engines/postgres/calls-import.ts',
    'engines/postgres/call-rollups.ts',
    'calls/rollup-cells.ts',
    'calls/derive.ts',
  ]) {
    hash.update(readFileSync(join(here, '../../packages/server/src', file)));
  }
  return hash.digest('hex').slice(0, 12);
};

export interface PostgresBenchDatabase {
  /** The database whose tenant `bench` (key BENCH_KEY, Asia/Kolkata) holds the calls. */
  url: string;
  calls: number;
  /** Seconds spent building it in this run; 0 when reused. */
  buildSeconds: number;
  /** Stops the cluster (its folder stays for the next run). */
  stop(): void;
}

/** The cluster holding `count` bench calls, started (and built first when absent). */
export const postgresCallsDatabase = async (count: number): Promise<PostgresBenchDatabase> => {
  const prefix = `call-ribbon-bench-pg-${count}-`;
  const folder = join(tmpdir(), `${prefix}v${migrations.length}-${fingerprint()}`);
  let buildSeconds = 0;
  if (!existsSync(folder)) {
    for (const stale of readdirSync(tmpdir()).filter((name) => name.startsWith(prefix))) {
      rmSync(join(tmpdir(), stale), { recursive: true, force: true });
    }
    const partial = `${folder}.partial`;
    rmSync(partial, { recursive: true, force: true });
    const started = performance.now();
    // Loaded without durability (a throwaway until renamed), then served with it.
    const cluster = await startThrowawayPostgres({ folder: partial });
    try {
      const pool = await openPostgres(await createDatabase(cluster.url, 'bench'));
      try {
        await tenantStore(pool).create(
          { id: BENCH_TENANT, name: 'Bench', apiKey: BENCH_KEY, timezone: 'Asia/Kolkata' },
          new Date('2025-01-01T00:00:00Z'),
        );
        let reported = 0;
        await importCalls(pool, BENCH_TENANT, benchCalls(count), {
          receivedAt: new Date('2026-01-01T00:00:00Z'),
          chunkSize: 20_000,
          rebuildIndexes: true,
          onProgress: (done) => {
            if (done - reported >= 250_000) {
              reported = done;
              process.stdout.write(
                `  PostgreSQL: ${done.toLocaleString('en-US')} calls, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
              );
            }
          },
        });
        await pool.query('VACUUM ANALYZE');
      } finally {
        await pool.end();
      }
    } finally {
      cluster.stop();
    }
    renameSync(partial, folder);
    buildSeconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `  built ${count.toLocaleString('en-US')} calls on PostgreSQL in ${buildSeconds.toFixed(1)} s\n`,
    );
  } else {
    process.stdout.write(`  reusing ${folder}\n`);
  }
  const cluster: ThrowawayPostgres = await startThrowawayPostgres({ folder, durable: true });
  const url = new URL(cluster.url);
  url.pathname = '/bench';
  return { url: url.toString(), calls: count, buildSeconds, stop: cluster.stop };
};
