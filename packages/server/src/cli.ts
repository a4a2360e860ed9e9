#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from './config.ts';
import { startServer } from './server.ts';

const usage = `Usage: call-ribbon-server [command]

Commands:
  start        Run the reference server in the foreground (default)

Environment: PORT (8787), HOST (127.0.0.1), DATABASE_PATH (./data/call-ribbon.sqlite),
ADMIN_TOKEN, DEMO_API_KEY (demo-api-key), SEED_DEMO (1 seeds an empty database, 0 never).`;

const main = async (): Promise<number> => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0] ?? 'start';
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (command !== 'start') {
    console.error(`Unknown command "${command}".\n\n${usage}`);
    return 2;
  }
  const config = readConfig();
  const server = await startServer(config);
  console.log(`Call Ribbon reference server listening on ${server.url}`);
  console.log(`  health:   ${server.url}/health`);
  console.log(`  database: ${config.databasePath}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
};

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
    else console.error(error);
    process.exitCode = 1;
  },
);
