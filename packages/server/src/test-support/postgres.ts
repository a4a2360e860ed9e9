import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests and benches: a temporary folder, a free port on
 * 127.0.0.1, no durability (fsync off). Run by `scripts/with-postgres.ts` and by the benches.
 */
export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the superuser on the maintenance database. */
  url: string;
  /** Stops the server and removes its folder; safe to call twice. */
  stop(): void;
}

/** The `bin` folder of the newest PostgreSQL installed as a Debian package (15 preferred). */
export const findPostgresBin = (): string => {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const chosen = versions.includes('15') ? '15' : versions[0];
  if (chosen === undefined) {
    throw new Error(
      'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql, or set TEST_DATABASE_URL',
    );
  }
  return join(root, chosen, 'bin');
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no free port'));
      });
    });
  });

/** Who runs the cluster: initdb refuses root, so root hands it to the `postgres` user. */
const clusterUser = (): { prefix: string[]; uid?: number; gid?: number } => {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (ids.status !== 0 || gids.status !== 0) {
    throw new Error(
      'Running as root, a throwaway PostgreSQL needs the `postgres` user (apt-get install postgresql)',
    );
  }
  return {
    prefix: ['runuser', '-u', 'postgres', '--'],
    uid: Number(ids.stdout.trim()),
    gid: Number(gids.stdout.trim()),
  };
};

const run = (command: string[], what: string): void => {
  const [file, ...args] = command;
  const result = spawnSync(file!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  }
};

export interface ThrowawayOptions {
  /** Keep PostgreSQL's default durability (fsync, synchronous commit): for benchmarks against SQLite FULL. */
  durable?: boolean;
  /**
   * A folder to keep the cluster in across runs (benchmark data): created with initdb when it
   * holds none yet, and left in place by `stop()` (a clean shutdown). Its parents must be
   * reachable by the `postgres` user when running as root. Default: a new temporary folder,
   * removed by `stop()`.
   */
  folder?: string;
}

/** Starts a PostgreSQL cluster (initdb when new, then pg_ctl start) and returns its address. */
export const startThrowawayPostgres = async (options: ThrowawayOptions = {}): Promise<ThrowawayPostgres> => {
  const bin = findPostgresBin();
  const user = clusterUser();
  const kept = options.folder !== undefined;
  const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'call-ribbon-pg-'));
  mkdirSync(folder, { recursive: true });
  if (user.uid !== undefined && user.gid !== undefined) {
    chownSync(folder, user.uid, user.gid);
    chmodSync(folder, 0o700);
  }
  const data = join(folder, 'data');
  const log = join(folder, 'server.log');
  const port = await freePort();
  const pgCtl = (...args: string[]) => [...user.prefix, join(bin, 'pg_ctl'), '-D', data, ...args];
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    const [file, ...args] = pgCtl('-m', kept ? 'fast' : 'immediate', '-w', 'stop');
    spawnSync(file!, args);
    if (!kept) rmSync(folder, { recursive: true, force: true });
  };
  try {
    if (!existsSync(join(data, 'PG_VERSION'))) {
      run(
        [
          ...user.prefix,
          join(bin, 'initdb'),
          '-D',
          data,
          '-U',
          'postgres',
          '--auth=trust',
          '-E',
          'UTF8',
          '--no-locale',
        ],
        'initdb',
      );
    }
    const settings = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${folder}`,
      ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      '-c max_connections=300',
    ].join(' ');
    run(pgCtl('-l', log, '-o', settings, '-w', 'start'), 'pg_ctl start');
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
    stop();
    throw serverLog === '' ? error : new Error(`${(error as Error).message}\n${serverLog}`);
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
};

/** Why PostgreSQL tests skip: `describe(..., { skip: postgresSkipReason })`. False when they run. */
export const postgresSkipReason: string | false =
  process.env.TEST_DATABASE_URL === undefined || process.env.TEST_DATABASE_URL === ''
    ? 'TEST_DATABASE_URL is unset: run through `node scripts/with-postgres.ts node --test <file>` (pnpm test does)'
    : false;

/**
 * A new, empty database on TEST_DATABASE_URL's server, with a unique name; returns its URL.
 * Throws when TEST_DATABASE_URL is unset (guard the test with `postgresSkipReason`).
 */
export const freshPostgresUrl = async (): Promise<string> => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl === undefined || serverUrl === '') throw new Error(String(postgresSkipReason));
  return createDatabase(serverUrl, `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`);
};

/** Creates the database `name` (letters, digits, `_`) on the server at `serverUrl`; returns its URL. */
export const createDatabase = async (serverUrl: string, name: string): Promise<string> => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`createDatabase: not a plain name: ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
