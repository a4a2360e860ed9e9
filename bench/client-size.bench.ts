// What the typed client adds to a browser bundle: its own code minified and gzipped, with
// ky and eventsource-parser (its runtime dependencies) external, against ky's own min+gzip size.
import { measureSize } from '../packages/client/scripts/size.ts';
import type { Figure } from './figure.ts';

export const run = async (): Promise<Figure[]> => {
  const { client, ky } = await measureSize();
  return [
    {
      name: 'client: @call-ribbon/client min+gzip (ky, eventsource-parser external)',
      value: client.gzipped,
      unit: 'bytes',
      baseline: { name: 'ky min+gzip', value: ky.gzipped },
      target: '<= 5000 bytes',
    },
  ];
};
