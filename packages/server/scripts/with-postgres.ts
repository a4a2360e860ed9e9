/**
 * Runs a command with TEST_DATABASE_URL pointing at a throwaway PostgreSQL cluster, then
 * stops and removes the cluster and exits with the command's code:
 *   node scripts/with-postgres.ts node --test src/engines/postgres/calls.test.ts
 * When TEST_DATABASE_URL is already set, the command runs against that server instead.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../src/test-support/postgres.ts';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error('usage: node scripts/with-postgres.ts <command> [args...]');
  process.exit(2);
}

let cluster: ThrowawayPostgres | undefined;
const env = { ...process.env };
if (env.TEST_DATABASE_URL === undefined || env.TEST_DATABASE_URL === '') {
  try {
    cluster = await startThrowawayPostgres();
  } catch (error) {
    console.error(`with-postgres: could not start a throwaway PostgreSQL: ${(error as Error).message}`);
    process.exit(1);
  }
  env.TEST_DATABASE_URL = cluster.url;
}

const child = spawn(command, args, { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // The command gets the signal (and finishes its own clean-up); the cluster goes when it exits.
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  console.error(`with-postgres: could not run ${command}: ${error.message}`);
  cluster?.stop();
  process.exit(127);
});
child.on('exit', (code, signal) => {
  cluster?.stop();
  process.exit(code ?? (signal === null ? 1 : 128 + constants.signals[signal]));
});
