// What a CRM page downloads for the script tag: the main ribbon IIFE, min+gzip, against its
// third-party dependencies alone (Lit, Floating UI, idb-keyval, ky, eventsource-parser); and
// the Exotel providers' IIFE, which only pages using Exotel telephony load after it.
import { gzipSync } from 'node:zlib';
import { bundleInMemory, bundleScripts } from '../packages/ribbon/scripts/build-cdn.ts';
import { DEPENDENCY_PARTS, TARGET_GZIP_BYTES } from '../packages/ribbon/scripts/size.ts';
import type { Figure } from './figure.ts';

const gzip = (code: Uint8Array) => gzipSync(code, { level: 9 }).length;

export const run = async (): Promise<Figure[]> => {
  const { main, exotel } = await bundleScripts();
  const ribbon = gzip(main.code);
  const dependencies = gzip(await bundleInMemory(Object.values(DEPENDENCY_PARTS).join('\n')));
  return [
    {
      name: 'ribbon: script-tag bundle, min+gzip',
      value: ribbon,
      unit: 'bytes',
      baseline: { name: 'its dependencies alone', value: dependencies },
      target: `<= ${TARGET_GZIP_BYTES} bytes (31 KB)`,
    },
    {
      name: 'ribbon: Exotel providers script (loaded on demand), min+gzip',
      value: gzip(exotel.code),
      unit: 'bytes',
      baseline: { name: 'the main script', value: ribbon },
    },
  ];
};
