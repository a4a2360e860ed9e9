// `pnpm start` and the page tests run this first: the server serves the script-tag bundles and
// the client's browser build, so build whichever is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCdn, CDN_FILE, EXOTEL_CDN_FILE, POPOVER_CDN_FILE } from './build-cdn.ts';

if (![CDN_FILE, EXOTEL_CDN_FILE, POPOVER_CDN_FILE].every((file) => existsSync(file))) {
  console.log('Building the ribbon script-tag bundle (packages/ribbon/dist/cdn)…');
  await buildCdn();
}

const clientDir = dirname(fileURLToPath(import.meta.resolve('@call-ribbon/client/package.json')));
if (!existsSync(`${clientDir}/dist/browser/call-ribbon-client.js`)) {
  console.log('Building the client (packages/client/dist)…');
  execFileSync('pnpm', ['run', 'build'], { cwd: clientDir, stdio: 'inherit' });
}
