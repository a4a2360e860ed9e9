import type { CallEventName } from '@call-ribbon/contract';
import type { CallEventData } from '../session/types.ts';

/** Fired by `<exotel-call-ribbon>` for every call event, as `onCallEvent` handlers see it. */
export class RibbonCallEvent extends Event {
  readonly event: CallEventName;
  readonly data: CallEventData;
  constructor(event: CallEventName, data: CallEventData) {
    super('ribbon-call', { bubbles: true, composed: true });
    this.event = event;
    this.data = data;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ribbon-call': RibbonCallEvent;
  }
}
