// How the popover gets Floating UI: on first use, so a bar that never shows a popover never
// loads it. Bundlers split this import into a chunk; the script-tag build swaps this module for
// load-floating-script.ts (scripts/build-cdn.ts).

/** What the popover uses of @floating-ui/dom. */
export type FloatingModule = Pick<
  typeof import('@floating-ui/dom'),
  'autoUpdate' | 'computePosition' | 'offset' | 'shift'
>;

export const loadFloating = (): Promise<FloatingModule> => import('@floating-ui/dom');
