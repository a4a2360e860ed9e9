// Script-tag build of the Exotel providers (dist/cdn/exotel-call-ribbon-exotel.js): the main
// script injects it when init picks Exotel, and takes createExotelProvider from the hook, and
// the client's live stream, which only these providers open.
import { createExotelProvider, openLiveStream } from './telephony/exotel.ts';
import { EXOTEL_HOOK } from './telephony/exotel-hook.ts';
import type { ExotelModule } from './telephony/load-exotel.ts';

const host = window as unknown as { ExotelCallRibbon?: Record<string, unknown> };
host.ExotelCallRibbon ??= {};
host.ExotelCallRibbon[EXOTEL_HOOK] = { createExotelProvider, openLiveStream } satisfies ExotelModule;
