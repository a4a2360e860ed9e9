// The script-tag build's load-exotel.ts: injects exotel-call-ribbon-exotel.js, which leaves the
// Exotel providers on a private hook of window.ExotelCallRibbon (src/cdn-exotel.ts).
import { EXOTEL_HOOK } from './exotel-hook.ts';
import type { ExotelModule } from './load-exotel.ts';

/** Loads the Exotel script from `scriptUrl`, else from next to the main script, unless it is there already. */
export const loadExotel = (scriptUrl?: string, mainScript?: string): Promise<ExotelModule> =>
  new Promise((resolve, reject) => {
    const loaded = () =>
      (window as unknown as { ExotelCallRibbon?: Record<string, ExotelModule> }).ExotelCallRibbon?.[
        EXOTEL_HOOK
      ];
    if (loaded()) return resolve(loaded()!);
    const script = document.createElement('script');
    script.src = scriptUrl ?? new URL('exotel-call-ribbon-exotel.js', mainScript ?? location.href).href;
    script.onload = script.onerror = () => {
      script.remove();
      const module = loaded();
      if (module) resolve(module);
      else reject(new Error(`Exotel telephony unavailable: could not load ${script.src}`));
    };
    document.head.append(script);
  });
