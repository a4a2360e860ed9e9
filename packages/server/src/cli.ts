#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CreateClientRequest } from '@call-ribbon/contract';
import { ConfigError, readConfig } from './config.ts';
import { seedDemoTenant } from './demo.ts';
import { databaseLabel, openEngine } from './engines/index.ts';
import { canonicalOrigin } from './http/cors.ts';
import { describeZodError } from './http/errors.ts';
import { startServer } from './server.ts';

const ENVIRONMENT = `Environment: PORT (8787), HOST (127.0.0.1), DATABASE_PATH (./data/call-ribbon.sqlite),
DATABASE_SYNC (full; normal may lose the last writes on power loss), ADMIN_TOKEN,
DEMO_API_KEY (demo-api-key), SEED_DEMO (1 seeds an empty database, 0 never; default 1,
but 0 with NODE_ENV=production, where 1 is refused),
PUBLIC_URL, MAX_EXPORTS_PER_TENANT (2), EXOTEL_RECONCILE_AFTER_SECONDS (600).
Each is described in this package's README.md; the API at /openapi.json and /docs.`;

const usage = `Usage: call-ribbon-server [command] [options]

Commands:
  start           Run the reference server in the foreground (default)
  create-client   Create a client (tenant) and print its API key once
  seed-demo       Seed the demo tenant into an empty database

Run "call-ribbon-server <command> --help" for a command's options.

${ENVIRONMENT}`;

const startUsage = `Usage: call-ribbon-server start

Runs the reference server in the foreground until Ctrl-C. With SEED_DEMO=1 (the default
outside NODE_ENV=production) an empty database first gets the demo tenant.

${ENVIRONMENT}`;

const createClientUsage = `Usage: call-ribbon-server create-client --name NAME [options]

Creates a client (tenant) in the DATABASE_PATH database and prints its id and API key.
The key is shown this once: only its hash is stored.

Options:
  --name NAME        Client name (required)
  --timezone ZONE    IANA time zone for usage months and analytics (Asia/Kolkata)
  --limit N          Monthly call limit (10000)
  --origin URL       Browser origin allowed to call the API; repeat for more, "*" for any
  -h, --help         Show this help`;

const seedDemoUsage = `Usage: call-ribbon-server seed-demo

Seeds the demo tenant (key DEMO_API_KEY, default demo-api-key), its customers and calls
into the DATABASE_PATH database if it has no clients yet; otherwise changes nothing.`;

/** A mistake on the command line: printed with the usage, exit status 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly usage: string;

  constructor(message: string, usageText: string) {
    super(message);
    this.usage = usageText;
  }
}

/** Runs `parseArgs`, turning its complaints (unknown option, missing value) into a usage error. */
const parseOr = <T>(parse: () => T, usageText: string): T => {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message, usageText);
  }
};

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

const createClient = async (args: string[]): Promise<number> => {
  const { values } = parseOr(
    () =>
      parseArgs({
        args,
        strict: true,
        options: {
          ...HELP,
          name: { type: 'string' },
          timezone: { type: 'string' },
          limit: { type: 'string' },
          origin: { type: 'string', multiple: true },
        },
      }),
    createClientUsage,
  );
  if (values.help) {
    console.log(createClientUsage);
    return 0;
  }
  if (values.name === undefined) throw new UsageError('--name is required', createClientUsage);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const parsed = CreateClientRequest.safeParse({
    name: values.name,
    timezone: values.timezone,
    monthlyCallLimit: limit,
    allowedOrigins: values.origin,
  });
  if (!parsed.success) throw new UsageError(describeZodError(parsed.error), createClientUsage);
  const config = readConfig();
  const engine = await openEngine(config);
  try {
    const { tenant, apiKey } = await engine.stores.tenants.create(
      { ...parsed.data, allowedOrigins: parsed.data.allowedOrigins.map(canonicalOrigin) },
      new Date(),
    );
    console.log(`Created client "${tenant.name}" in ${databaseLabel(config)}`);
    console.log(`  id:       ${tenant.id}`);
    console.log(`  api key:  ${apiKey}`);
    console.log(`  timezone: ${tenant.timezone}, monthly limit ${tenant.monthlyCallLimit}`);
    console.log(
      `  origins:  ${tenant.allowedOrigins.length > 0 ? tenant.allowedOrigins.join(' ') : '(none)'}`,
    );
    console.log(
      'The key is shown only now: store it. Rotate it with POST /api/admin/clients/:id/rotate-key.',
    );
  } finally {
    await engine.close();
  }
  return 0;
};

const seedDemo = async (args: string[]): Promise<number> => {
  const { values } = parseOr(() => parseArgs({ args, strict: true, options: HELP }), seedDemoUsage);
  if (values.help) {
    console.log(seedDemoUsage);
    return 0;
  }
  const config = readConfig();
  const engine = await openEngine(config);
  try {
    if (await seedDemoTenant(engine.stores, { apiKey: config.demoApiKey, now: new Date() })) {
      console.log(`Seeded the demo tenant into ${databaseLabel(config)} (id "demo", key from DEMO_API_KEY).`);
    } else {
      console.log(`${databaseLabel(config)} already has clients: nothing seeded.`);
    }
  } finally {
    await engine.close();
  }
  return 0;
};

const start = async (args: string[]): Promise<number> => {
  const { values } = parseOr(() => parseArgs({ args, strict: true, options: HELP }), startUsage);
  if (values.help) {
    console.log(startUsage);
    return 0;
  }
  const config = readConfig();
  const server = await startServer(config);
  // Before the banner: whoever reads it may signal at once (a supervisor, a test).
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`Call Ribbon reference server listening on ${server.url}`);
  // A key set in the environment is a secret: the banner names the variable, never the value.
  const demoKey = process.env.DEMO_API_KEY ? 'the key in DEMO_API_KEY' : `demo key ${config.demoApiKey}`;
  if (config.seedDemo) {
    console.log(`  demo:     ${server.url}/  (CRM page, dashboards, analytics; ${demoKey})`);
  }
  console.log(`  health:   ${server.url}/health`);
  console.log(`  docs:     ${server.url}/docs`);
  console.log(`  database: ${databaseLabel(config)}`);
  return -1;
};

const main = async (argv: string[]): Promise<number> => {
  const [first, ...rest] = argv;
  if (first === undefined) return start([]);
  if (first === '--help' || first === '-h' || first === 'help') {
    console.log(usage);
    return 0;
  }
  if (first.startsWith('-')) return start(argv);
  switch (first) {
    case 'start':
      return start(rest);
    case 'create-client':
      return createClient(rest);
    case 'seed-demo':
      return seedDemo(rest);
    default:
      throw new UsageError(`Unknown command "${first}"`, usage);
  }
};

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${error.usage}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
