/** Fired by `<exotel-call-ribbon>` when the agent collapses it to its handle or opens it again. */
export class RibbonCollapseEvent extends Event {
  readonly collapsed: boolean;
  constructor(collapsed: boolean) {
    super('ribbon-collapse', { bubbles: true, composed: true });
    this.collapsed = collapsed;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ribbon-collapse': RibbonCollapseEvent;
  }
}
