// What the ribbon's browser tests ask of the page's one `<exotel-call-ribbon>`: its element, its
// visible text, a wait on its state, and Exotel's flow asking the real server about a call.
import type { ExotelCallRibbon } from '../facade.ts';
import { until } from './browser.ts';

type RibbonState = ReturnType<ExotelCallRibbon['getState']>;

/** The page's ribbon element (the one `init` rendered). */
export const ribbonElement = () => document.querySelector('exotel-call-ribbon')!;

/** Resolves with the ribbon's state once `predicate` holds; fails with the last state after `timeoutMs`. */
export const ribbonState = (
  ribbon: ExotelCallRibbon,
  predicate: (state: RibbonState) => boolean,
  timeoutMs = 8000,
): Promise<RibbonState> =>
  until(
    (listener) => ribbonElement().session!.subscribe(() => listener(ribbon.getState())),
    () => ribbon.getState(),
    predicate,
    timeoutMs,
  );

/** The bar's visible text once it has rendered, white space folded. */
export const barText = async (): Promise<string> => {
  await ribbonElement().updateComplete;
  return ribbonElement().shadowRoot!.textContent?.replace(/\s+/g, ' ') ?? '';
};

/**
 * Exotel's flow asking the tenant's Passthru or Dial-whom URL: the test runner's
 * `/__test/exotel-flow/<applet>` sends the GET with these query parameters and the tenant's
 * webhook secret, and answers the server's status and body.
 */
export const exotelFlow = async (
  applet: 'passthru' | 'dial-whom',
  params: Record<string, string>,
): Promise<{ status: number; body: string }> => {
  const response = await fetch(`/__test/exotel-flow/${applet}`, {
    method: 'POST',
    body: JSON.stringify(params),
  });
  return (await response.json()) as { status: number; body: string };
};

/** A ten-digit Indian mobile number under `prefix` (four digits) that no other test of this run uses. */
export const uniqueMobile = (prefix: string): string =>
  `+91${prefix}${String(Date.now() % 1e8).padStart(8, '0')}`;
