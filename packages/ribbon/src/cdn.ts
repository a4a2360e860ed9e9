// Script-tag build entry: registers the element and installs window.ExotelCallRibbon if absent,
// replaying calls a stub snippet queued before this script arrived.
import './define.ts';
import { createCallRibbon, type ExotelCallRibbon } from './facade.ts';

type Stub = { q?: Array<[string, ArrayLike<unknown>]>; version?: string };

const global = window as unknown as { ExotelCallRibbon?: ExotelCallRibbon | Stub };
const existing = global.ExotelCallRibbon;

if (!existing || !('version' in existing && existing.version)) {
  const ribbon = createCallRibbon();
  global.ExotelCallRibbon = ribbon;
  for (const [method, args] of (existing as Stub | undefined)?.q ?? []) {
    try {
      const fn = (ribbon as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      if (typeof fn !== 'function') throw new TypeError(`unknown method "${method}" in the queued calls`);
      const result = fn(...Array.from(args));
      if (result instanceof Promise)
        result.catch((error: unknown) => console.error('ExotelCallRibbon:', error));
    } catch (error) {
      console.error('ExotelCallRibbon:', error);
    }
  }
}
