import { CallRibbonElement } from './call-ribbon.ts';

export const CALL_RIBBON_TAG = 'exotel-call-ribbon';

/** Registers `<exotel-call-ribbon>` unless the page already has it (e.g. from the CDN build). */
export const defineCallRibbon = (): void => {
  if (!customElements.get(CALL_RIBBON_TAG)) customElements.define('exotel-call-ribbon', CallRibbonElement);
};

declare global {
  interface HTMLElementTagNameMap {
    'exotel-call-ribbon': CallRibbonElement;
  }
}
