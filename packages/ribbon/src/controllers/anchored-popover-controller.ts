import { computePosition, offset, type Placement, type Platform, shift } from '@floating-ui/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Where a `position: fixed` element's containing block starts in the viewport: the viewport
 * itself unless an ancestor (across shadow roots) has a transform, filter, containment or the like.
 */
const containingBlockOrigin = (element: Element): { x: number; y: number } => {
  for (
    let node: Node | null = element.parentNode;
    node;
    node = node instanceof ShadowRoot ? node.host : node.parentNode
  ) {
    if (!(node instanceof Element)) continue;
    const style = getComputedStyle(node);
    const establishes =
      [style.transform, style.perspective, style.filter, style.backdropFilter].some(
        (value) => value && value !== 'none',
      ) ||
      /paint|layout|strict|content/.test(style.contain) ||
      /transform|perspective|filter/.test(style.willChange) ||
      (style.containerType || 'normal') !== 'normal';
    if (establishes) {
      const box = node.getBoundingClientRect();
      return { x: box.left + node.clientLeft, y: box.top + node.clientTop };
    }
  }
  return { x: 0, y: 0 };
};

/**
 * Floating UI's platform for two `position: fixed` elements clipped by the viewport: the
 * ribbon's case. @floating-ui/dom's general platform (scroll parents, offset parents, clipping
 * ancestors) is 3 KB of the script-tag bundle that a docked bar never needs.
 */
const dimensions = (element: HTMLElement) => ({ width: element.offsetWidth, height: element.offsetHeight });

const fixedPlatform: Platform = {
  getElementRects: ({ reference, floating }) => {
    const origin = containingBlockOrigin(floating);
    const box = (reference as Element).getBoundingClientRect();
    return {
      reference: { x: box.left - origin.x, y: box.top - origin.y, width: box.width, height: box.height },
      floating: { x: 0, y: 0, ...dimensions(floating) },
    };
  },
  getDimensions: dimensions,
  getClippingRect: ({ element }) => {
    const origin = containingBlockOrigin(element);
    const { clientWidth, clientHeight } = document.documentElement;
    return { x: -origin.x, y: -origin.y, width: clientWidth, height: clientHeight };
  },
  isRTL: (element: Element) => getComputedStyle(element).direction === 'rtl',
};

/**
 * Keeps a floating element anchored to a reference element with Floating UI while both exist.
 * Both are `position: fixed` in the docked bar, so page scrolling cannot move them: only their
 * sizes and the viewport's can. A ResizeObserver and the window's `resize` stand in for
 * `autoUpdate`. No `flip`: the placement already faces away from the docked edge, where all
 * the room is.
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
    const update = (): void => {
      void computePosition(reference, floating, {
        placement,
        strategy: 'fixed',
        platform: fixedPlatform,
        middleware: [offset(8), shift({ padding: 8 })],
      }).then(({ x, y }) => {
        Object.assign(floating.style, { left: `${x}px`, top: `${y}px` });
      });
    };
    // Observing calls `update` once at once, then on every size change of either element.
    const observer = new ResizeObserver(update);
    observer.observe(reference);
    observer.observe(floating);
    addEventListener('resize', update);
    this.#cleanup = () => {
      observer.disconnect();
      removeEventListener('resize', update);
    };
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
