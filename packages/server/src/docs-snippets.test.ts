// Every shell and JavaScript block of README.md, docs/*.md and examples/README.md, run as a
// reader would run it, against a freshly seeded reference server over real HTTP. Each block
// is listed below: run, or skipped with the reason. A new block without an entry fails, so the
// list keeps up with the docs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readConfig } from './config.ts';
import { type RunningServer, startServer } from './server.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOCUMENTED_URL = 'http://127.0.0.1:8787';
const ADMIN_TOKEN = 'docs-snippets-admin-token';
const RUNNABLE = new Set(['sh', 'bash', 'shell', 'js', 'javascript', 'ts', 'typescript']);

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
}

type Entry = {
  file: string;
  /** Text the block contains, naming it. */
  contains: string;
} & ({ run: 'shell' | 'node'; expect: RegExp[] } | { skip: string });

const SNIPPETS: Entry[] = [
  // README.md
  {
    file: 'README.md',
    contains: 'pnpm install\npnpm start',
    skip: 'installs and starts the server: the CLI tests start it, examples/packaging installs it',
  },
  {
    file: 'README.md',
    contains: 'npx -y -p node@24',
    skip: 'fetches Node 24 from the npm registry; tried by hand on Node 20',
  },
  { file: 'README.md', contains: 'pnpm test', skip: 'would run this test inside itself' },
  // docs/getting-started.md
  {
    file: 'docs/getting-started.md',
    contains: 'pnpm install && pnpm start',
    skip: 'installs and starts the server: this test starts its own',
  },
  {
    file: 'docs/getting-started.md',
    contains: 'create-client --name "My CRM"',
    run: 'shell',
    expect: [/api key: +\S+/],
  },
  {
    file: 'docs/getting-started.md',
    contains: 'ExotelCallRibbon.onCallEvent((event, data)',
    skip: 'a page script (saveNote is the host’s): the ribbon’s browser tests drive onCallEvent',
  },
  {
    file: 'docs/getting-started.md',
    contains: 'pack --pack-destination',
    skip: 'builds and packs three packages (a minute): examples/packaging packs and installs them',
  },
  {
    file: 'docs/getting-started.md',
    contains: "await ExotelCallRibbon.init({ apiKey: 'your-api-key'",
    skip: 'a browser module for a bundler: examples/bundler builds the same',
  },
  {
    file: 'docs/getting-started.md',
    contains: 'client.analytics.detailed',
    run: 'node',
    expect: [/^[1-9]\d* calls in the last 7 days/m],
  },
  {
    file: 'docs/getting-started.md',
    contains: 'example-reports report',
    run: 'shell',
    expect: [
      /Monthly performance — \d{4}-\d{2}\n\s+Total calls: +[1-9]/,
      /Customer report — .+ \(CUST001\)\n\s+Total calls: +[1-9]/,
    ],
  },
  // docs/client.md
  { file: 'docs/client.md', contains: 'createClient({ apiKey, apiUrl', skip: 'a list of signatures' },
  { file: 'docs/client.md', contains: 'client.stream({', skip: 'callbacks of the host’s page' },
  // docs/development.md
  {
    file: 'docs/development.md',
    contains: 'node scripts/with-postgres.ts node --test',
    skip: 'runs test files: pnpm test runs them',
  },
  // docs/scaling.md
  {
    file: 'docs/scaling.md',
    contains: 'PORT=8788 pnpm start',
    skip: 'needs a PostgreSQL server and starts two servers: src/multi-instance.test.ts starts two on one database',
  },
  // docs/migrating-from-seed-backend.md
  {
    file: 'docs/migrating-from-seed-backend.md',
    contains: 'const API_URL',
    skip: 'a line of the seed backend’s own page',
  },
  {
    file: 'docs/migrating-from-seed-backend.md',
    contains: '// before',
    skip: 'a before/after fragment',
  },
  // docs/performance.md
  { file: 'docs/performance.md', contains: 'pnpm bench', skip: 'benchmarks: minutes of a quiet machine' },
  // docs/ribbon.md
  {
    file: 'docs/ribbon.md',
    contains: "import { ExotelCallRibbon } from '@call-ribbon/ribbon'",
    skip: 'a browser module for a bundler',
  },
  { file: 'docs/ribbon.md', contains: 'data = {', skip: 'the shape of an event’s data' },
  { file: 'docs/ribbon.md', contains: 'interface CallProvider', skip: 'an interface' },
  // docs/running-the-server.md
  {
    file: 'docs/running-the-server.md',
    contains: 'node src/cli.ts start',
    skip: 'starts the server in the foreground: the CLI tests do',
  },
  {
    file: 'docs/running-the-server.md',
    contains: 'create-client \\\n  --name "Acme CRM"',
    run: 'shell',
    expect: [/Created client "Acme CRM"/, /api key: +\S+/],
  },
  {
    file: 'docs/running-the-server.md',
    contains: 'export ADMIN_TOKEN=',
    skip: 'starts the server with a token: this test’s server has one, in ADMIN_TOKEN',
  },
  {
    file: 'docs/running-the-server.md',
    contains: 'api/admin/clients',
    run: 'shell',
    expect: [/"name":"Demo CRM"/, /"name":"Acme CRM"/],
  },
  {
    file: 'docs/running-the-server.md',
    contains: 'createdb call_ribbon',
    skip: 'needs a PostgreSQL server: src/multi-instance.test.ts starts servers with DATABASE_URL',
  },
  // docs/telephony.md
  {
    file: 'docs/telephony.md',
    contains: 'openssl rand -hex 32',
    run: 'shell',
    expect: [/^[0-9a-f]{64}$/m],
  },
  {
    file: 'docs/telephony.md',
    contains: '/telephony',
    run: 'shell',
    expect: [/"provider":"exotel"/, /"accountSid":"yourcompany1"/],
  },
  {
    file: 'docs/telephony.md',
    contains: 'new ExotelWebClient()',
    skip: 'needs Exotel’s browser SDK and a SIP account',
  },
  {
    file: 'docs/telephony.md',
    contains: 'new ExotelCRMWebSDK(',
    skip: 'needs Exotel’s CRM SDK and an Exotel account (the ribbon’s exotel-sdk browser tests run the real SDK)',
  },
  // examples/README.md
  {
    file: 'examples/README.md',
    contains: 'example-reports report',
    run: 'shell',
    expect: [/Daily call summary — \d{4}-\d{2}-\d{2}/, /Customer report — .+ \(CUST001\)/],
  },
  {
    file: 'examples/README.md',
    contains: 'example-pages-e2e test',
    skip: 'its own package in pnpm test',
  },
];

const documentedFiles = async (): Promise<string[]> => {
  const docs = (await readdir(join(ROOT, 'docs'))).filter((name) => name.endsWith('.md'));
  return ['README.md', 'examples/README.md', ...docs.map((name) => `docs/${name}`)];
};

const blocksOf = (file: string, text: string): Block[] => {
  const blocks: Block[] = [];
  let open: Block | null = null;
  text.split('\n').forEach((line, index) => {
    const fence = /^```(\S*)/.exec(line);
    if (!fence) {
      if (open) open.code += `${line}\n`;
    } else if (open) {
      blocks.push(open);
      open = null;
    } else {
      open = { file, line: index + 1, lang: fence[1] ?? '', code: '' };
    }
  });
  return blocks.filter((block) => RUNNABLE.has(block.lang));
};

const entryOf = (block: Block): Entry[] =>
  SNIPPETS.filter((entry) => entry.file === block.file && block.code.includes(entry.contains));

/** What a reader starting the server themselves does, done by this test's own server instead. */
const STARTS_A_SERVER = /^\s*pnpm start\b.*$/gm;

const exec = (command: string, args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      command,
      args,
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });

describe('documented snippets', async () => {
  const blocks: Block[] = [];
  for (const file of await documentedFiles()) {
    blocks.push(...blocksOf(file, await readFile(join(ROOT, file), 'utf8')));
  }
  let server: RunningServer;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'call-ribbon-docs-'));
    const databasePath = join(dir, 'demo.sqlite');
    server = await startServer({
      ...readConfig({}),
      port: 0,
      databasePath,
      adminToken: ADMIN_TOKEN,
      demoApiKey: 'demo-api-key',
      // As docs/telephony.md has the reader start it: credentials are stored only with a key.
      secretsKey: '5e'.repeat(32),
    });
    const created = await fetch(`${server.url}/api/admin/clients`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Telephony docs', allowedOrigins: ['https://crm.example'] }),
    });
    assert.equal(created.status, 201);
    const { client } = (await created.json()) as { client: { id: string } };
    env = {
      DATABASE_PATH: databasePath,
      ADMIN_TOKEN,
      CLIENT_ID: client.id,
      CALL_RIBBON_URL: server.url,
      CALL_RIBBON_KEY: 'demo-api-key',
    };
  });

  after(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists every shell and JavaScript block of the docs, and nothing else', () => {
    const unlisted = blocks.filter((block) => entryOf(block).length !== 1);
    assert.deepEqual(
      unlisted.map((block) => `${block.file}:${block.line} (${entryOf(block).length} entries)`),
      [],
      'add each block to SNIPPETS once: run it, or skip it with a reason',
    );
    const stale = SNIPPETS.filter((entry) => !blocks.some((block) => entryOf(block).includes(entry)));
    assert.deepEqual(
      stale.map((entry) => `${entry.file}: ${entry.contains}`),
      [],
    );
  });

  for (const block of blocks) {
    const [entry] = entryOf(block);
    if (!entry || 'skip' in entry) continue;
    it(`${block.file}:${block.line} runs and answers`, async () => {
      const code = block.code.replaceAll(DOCUMENTED_URL, server.url);
      let result: { code: number; stdout: string; stderr: string };
      if (entry.run === 'shell') {
        result = await exec('bash', ['-e', '-o', 'pipefail', '-c', code.replace(STARTS_A_SERVER, '')], env);
      } else {
        const file = join(dir, `snippet-${block.line}.mts`);
        // The snippet's imports resolve as in this repository, from a file outside it.
        const source = code.replace(/from '(@call-ribbon\/[\w-]+)'/g, (_, name: string) => {
          return `from '${import.meta.resolve(name)}'`;
        });
        await writeFile(file, source);
        result = await exec(process.execPath, [file], env);
      }
      const where = `${relative(ROOT, join(ROOT, block.file))}:${block.line}\n${result.stdout}\n${result.stderr}`;
      assert.equal(result.code, 0, where);
      assert.notEqual(result.stdout.trim(), '', `no output: ${where}`);
      assert.doesNotMatch(result.stdout, /"error":\s*true/, where);
      for (const expected of entry.expect) assert.match(result.stdout, expected, where);
    });
  }
});
