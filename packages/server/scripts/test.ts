/**
 * The server's `pnpm test`, run under `scripts/with-postgres.ts` (one throwaway cluster):
 *   1. every test file, as `node --test` runs them (SQLite, plus the PostgreSQL store tests);
 *   2. the route and HTTP tests again with `CALL_RIBBON_TEST_ENGINE=postgres`: every test file
 *      that builds its app through `twoTenantApp`, `freshTestEngine` or `exotelApp` (the
 *      helpers that follow that variable), outside `src/engines/` whose tests pick their engine.
 * Each pass prints node's own summary (`ℹ pass N`, `ℹ fail N`); the exit code is non-zero
 * when either pass fails. `--only=sqlite` or `--only=postgres` runs one pass.
 */
import { spawnSync } from 'node:child_process';
import { globSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE_NEUTRAL = /\b(?:twoTenantApp|freshTestEngine|exotelApp)\b/;

if (process.env.TEST_DATABASE_URL === undefined || process.env.TEST_DATABASE_URL === '') {
  console.error(
    'scripts/test.ts: TEST_DATABASE_URL is unset; run it as `node scripts/with-postgres.ts node scripts/test.ts`',
  );
  process.exit(2);
}

const nodeTest = (label: string, files: string[], env: NodeJS.ProcessEnv): number => {
  console.log(`\n# ${label}`);
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    ['--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
    {
      cwd: root,
      env,
      stdio: 'inherit',
    },
  );
  console.log(`# ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result.status ?? 1;
};

const onPostgres = globSync('src/**/*.test.ts', { cwd: root })
  .filter((file) => !file.startsWith('src/engines/'))
  .filter((file) => ENGINE_NEUTRAL.test(readFileSync(join(root, file), 'utf8')))
  .sort();

const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
if (only !== undefined && only !== 'sqlite' && only !== 'postgres') {
  console.error(`scripts/test.ts: --only takes sqlite or postgres, not ${only}`);
  process.exit(2);
}
const sqlite =
  only === 'postgres'
    ? 0
    : nodeTest('all tests (route tests on SQLite)', ['src/**/*.test.ts'], {
        ...process.env,
        CALL_RIBBON_TEST_ENGINE: 'sqlite',
      });
const postgres =
  only === 'sqlite'
    ? 0
    : nodeTest(`route tests on PostgreSQL (${onPostgres.length} files)`, onPostgres, {
        ...process.env,
        CALL_RIBBON_TEST_ENGINE: 'postgres',
      });
process.exit(sqlite !== 0 ? sqlite : postgres);
