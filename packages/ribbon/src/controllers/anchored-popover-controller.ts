import type { Placement } from '@floating-ui/dom';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadFloating } from './load-floating.ts';

/**
 * Keeps a floating element anchored to a reference element with Floating UI while both exist.
 * Floating UI loads on the first anchoring; the element stays transparent until it is placed.
 * No `flip`: the placement already faces away from the docked edge, where all the room is.
 */
export class AnchoredPopoverController implements ReactiveController {
  #cleanup: (() => void) | null = null;
  #floating: HTMLElement | null = null;
  #placement: Placement | null = null;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Anchors `floating` to `reference`; a new pair replaces the old one, nulls stop anchoring. */
  anchor(reference: HTMLElement | null, floating: HTMLElement | null, placement: Placement): void {
    if (
      floating === this.#floating &&
      placement === this.#placement &&
      (floating === null) === (this.#cleanup === null)
    )
      return;
    this.#stop();
    if (!reference || !floating) return;
    this.#floating = floating;
    this.#placement = placement;
    let stopped = false;
    let stopUpdates: (() => void) | null = null;
    this.#cleanup = () => {
      stopped = true;
      stopUpdates?.();
    };
    // Transparent, not hidden: the popover takes focus as it opens.
    floating.style.opacity = '0';
    void loadFloating().then(({ autoUpdate, computePosition, offset, shift }) => {
      if (stopped) return;
      const update = (): void => {
        void computePosition(reference, floating, {
          placement,
          strategy: 'fixed',
          middleware: [offset(8), shift({ padding: 8 })],
        }).then(({ x, y }) => {
          Object.assign(floating.style, { left: `${x}px`, top: `${y}px`, opacity: '' });
        });
      };
      stopUpdates = autoUpdate(reference, floating, update);
    });
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #stop(): void {
    this.#cleanup?.();
    this.#cleanup = null;
    this.#floating = null;
    this.#placement = null;
  }
}
