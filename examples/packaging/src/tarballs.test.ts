// The packages as a user gets them: built, packed with pnpm, linted, installed with plain npm
// (from the npm registry for their dependencies) into a project outside the workspace, and
// the server started from there.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Manifest, sourceEntryPoints } from '../../../scripts/prepublish-guard.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = {
  '@call-ribbon/contract': 'packages/contract',
  '@call-ribbon/client': 'packages/client',
  '@call-ribbon/ribbon': 'packages/ribbon',
  '@call-ribbon/server': 'packages/server',
  '@call-ribbon/examples': 'examples',
} as const;
type Name = keyof typeof PACKAGES;
// Script-tag files, not modules: nothing imports them, so they have no types to resolve.
const SCRIPT_ENTRY_POINTS: Partial<Record<Name, string[]>> = {
  '@call-ribbon/ribbon': [
    './cdn/exotel-call-ribbon.js',
    './cdn/exotel-call-ribbon-exotel.js',
    './cdn/exotel-call-ribbon-popover.js',
  ],
};

const work = mkdtempSync(join(tmpdir(), 'call-ribbon-tarballs-'));
const tarballs = {} as Record<Name, string>;
const files = {} as Record<Name, string[]>;
const manifests = {} as Record<Name, Manifest & Record<string, unknown>>;

// What `pnpm test` puts in the environment for its scripts is not the user's npm configuration.
const userEnvironment = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/.test(key) || key === 'npm_config_nodedir'),
);

const sh = async (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  run(command, args, { cwd, env: { ...userEnvironment, ...env }, maxBuffer: 64 * 1024 * 1024 });

before(async () => {
  const filters = Object.keys(PACKAGES).flatMap((name) => ['--filter', name]);
  await sh('pnpm', [...filters, '--workspace-concurrency=1', 'run', 'build'], root);
  for (const [name, dir] of Object.entries(PACKAGES) as [Name, string][]) {
    const out = join(work, 'packs', dir.replaceAll('/', '-'));
    mkdirSync(out, { recursive: true });
    await sh('pnpm', ['pack', '--pack-destination', out], join(root, dir));
    const [file] = readdirSync(out);
    tarballs[name] = join(out, file!);
    const listing = await sh('tar', ['tzf', tarballs[name]], work);
    files[name] = listing.stdout.trim().split('\n');
    manifests[name] = JSON.parse(
      (await sh('tar', ['xzOf', tarballs[name], 'package/package.json'], work)).stdout,
    );
  }
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('every tarball', () => {
  it('has a README, a LICENSE and the metadata a registry page shows', () => {
    for (const name of Object.keys(PACKAGES) as Name[]) {
      assert.ok(files[name].includes('package/README.md'), `${name}: README.md`);
      assert.ok(files[name].includes('package/LICENSE'), `${name}: LICENSE`);
      for (const field of ['repository', 'homepage', 'keywords', 'engines', 'license', 'description']) {
        assert.ok(manifests[name][field], `${name}: ${field}`);
      }
    }
  });

  it('ships no tests, test support or fixtures, and exports no TypeScript source', () => {
    for (const name of Object.keys(PACKAGES) as Name[]) {
      const testFiles = files[name].filter((path) =>
        /test-support|fixtures|\.test\.|\.test-d\.|browser-test|\/faults\//.test(path),
      );
      assert.deepEqual(testFiles, [], name);
      assert.deepEqual(sourceEntryPoints(manifests[name], 'npm'), [], name);
    }
  });

  it('is clean for publint and arethetypeswrong', async () => {
    const bin = (tool: string) => join(root, 'examples/packaging/node_modules/.bin', tool);
    for (const name of Object.keys(PACKAGES) as Name[]) {
      await sh(bin('publint'), ['run', '--strict', tarballs[name]], work);
      if (!files[name].some((path) => path.endsWith('.d.ts'))) continue;
      const excluded = SCRIPT_ENTRY_POINTS[name] ?? [];
      await sh(
        bin('attw'),
        [
          tarballs[name],
          '--profile',
          'esm-only',
          ...(excluded.length ? ['--exclude-entrypoints', ...excluded] : []),
        ],
        work,
      );
    }
  });

  it('npm refuses to pack a package whose exports point at TypeScript sources', async () => {
    const refused = await sh('npm', ['pack', '--dry-run'], join(root, 'packages/client')).catch(
      (error: { stderr: string }) => error,
    );
    assert.match((refused as { stderr: string }).stderr, /refusing to pack with npm/);
  });
});

describe('installed with npm outside the workspace', () => {
  const project = join(work, 'project');
  let server: ChildProcess | undefined;
  let url = '';

  before(async () => {
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    await sh('npm', ['install', '--no-audit', '--no-fund', ...Object.values(tarballs)], project);
    const child = spawn(join(project, 'node_modules/.bin/call-ribbon-server'), ['start'], {
      cwd: project,
      env: { ...userEnvironment, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: ':memory:', SEED_DEMO: '1' },
    });
    server = child;
    url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk;
      });
      child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
    });
  });

  after(() => {
    server?.kill();
  });

  it('serves the landing page, the ribbon script, the client module and Chart.js', async () => {
    const landing = await fetch(`${url}/`);
    assert.equal(landing.status, 200);
    assert.match(await landing.text(), /Call Ribbon reference server/);
    const sdk = await fetch(`${url}/sdk/exotel-call-ribbon.js`);
    assert.equal(sdk.status, 200);
    assert.match(sdk.headers.get('content-type') ?? '', /javascript/);
    assert.match(await sdk.text(), /exotel-call-ribbon/);
    const client = await fetch(`${url}/sdk/call-ribbon-client.js`);
    assert.equal(client.status, 200);
    assert.match(await client.text(), /createClient/);
    assert.equal((await fetch(`${url}/vendor/chart.umd.js`)).status, 200);
    assert.equal((await fetch(`${url}/examples/crm/`)).status, 200);
  });

  it('answers the API with the installed client', async () => {
    const { createClient } = (await import(
      join(project, 'node_modules/@call-ribbon/client/dist/index.js')
    )) as typeof import('@call-ribbon/client');
    const client = createClient({ apiKey: 'demo-api-key', apiUrl: url });
    const { version } = await client.health();
    assert.equal(version, manifests['@call-ribbon/server'].version);
    const { pagination } = await client.calls.list({ pageSize: 1 });
    assert.ok(pagination.total > 0, 'the demo tenant has calls');
  });
});
