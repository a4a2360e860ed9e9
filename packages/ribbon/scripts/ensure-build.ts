// `pnpm start` runs this first: the server serves the script-tag bundles, so build them when missing.
import { existsSync } from 'node:fs';
import { buildCdn, CDN_FILE, EXOTEL_CDN_FILE } from './build-cdn.ts';

if (!existsSync(CDN_FILE) || !existsSync(EXOTEL_CDN_FILE)) {
  console.log('Building the ribbon script-tag bundle (packages/ribbon/dist/cdn)…');
  await buildCdn();
}
