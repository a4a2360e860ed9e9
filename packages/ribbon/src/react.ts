// `@call-ribbon/ribbon/react`: <CallRibbon> for React (properties and events as props), and the
// element's JSX type for those who write <exotel-call-ribbon> themselves.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { CallRibbonAttributes } from './components/call-ribbon/attributes.ts';
import { CallRibbonElement } from './components/call-ribbon/call-ribbon.ts';
import { CALL_RIBBON_TAG, defineCallRibbon } from './components/call-ribbon/registry.ts';
import type { RibbonCallEvent } from './events/ribbon-call-event.ts';
import type { RibbonCollapseEvent } from './events/ribbon-collapse-event.ts';

defineCallRibbon();

/**
 * `<exotel-call-ribbon>` as a React component.
 *
 * @example
 * ```tsx
 * <CallRibbon position="top" onRibbonCall={(e) => console.log(e.event, e.data)} />
 * ```
 */
export const CallRibbon = createComponent({
  tagName: CALL_RIBBON_TAG,
  elementClass: CallRibbonElement,
  react: React,
  events: {
    onRibbonCall: 'ribbon-call' as EventName<RibbonCallEvent>,
    onRibbonCollapse: 'ribbon-collapse' as EventName<RibbonCollapseEvent>,
  },
  displayName: 'CallRibbon',
});

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'exotel-call-ribbon': React.DetailedHTMLProps<
        React.HTMLAttributes<CallRibbonElement>,
        CallRibbonElement
      > &
        CallRibbonAttributes;
    }
  }
}

export type { CallRibbonAttributes };
