// Runs a server (ours, or a baseline) as a child process, so its CPU and memory are its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const SERVER_CLI = join(here, '../../packages/server/src/cli.ts');

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resident memory now, bytes. */
  rss(): number;
  /** Peak resident memory since start or since the last `resetPeak()`, bytes. */
  peakRss(): number;
  resetPeak(): void;
  stop(): Promise<void>;
}

const statusField = (pid: number, field: string): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((row) => row.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1] ?? 0) * 1024;
};

/** Starts `node <script> [...args]` and waits for it to print a line containing its URL. */
export const startProcess = async (
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<ServerProcess> => {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code} before listening: ${output}`)),
    );
  });
  const pid = child.pid!;
  return {
    url,
    pid,
    child,
    rss: () => statusField(pid, 'VmRSS'),
    peakRss: () => statusField(pid, 'VmHWM'),
    // Writing 5 to clear_refs resets the kernel's peak-RSS mark (VmHWM) to the current RSS.
    resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

/** Our server (the CLI's `start`) on `databasePath`. */
export const startCallRibbonServer = (databasePath: string, env: Record<string, string> = {}) =>
  startProcess(SERVER_CLI, ['start'], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    SEED_DEMO: '0',
    ...env,
  });

/** Our server on the PostgreSQL database at `databaseUrl` (several may share it). */
export const startCallRibbonServerOnPostgres = (databaseUrl: string, env: Record<string, string> = {}) =>
  startProcess(SERVER_CLI, ['start'], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    STREAM_TOKEN_SECRET: 'bench-stream-token-secret-of-forty-characters',
    SEED_DEMO: '0',
    ...env,
  });
