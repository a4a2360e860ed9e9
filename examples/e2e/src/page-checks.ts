// What the layout test and the page audit (`pnpm --filter @call-ribbon/example-pages-e2e audit`)
// check on every demo page. The functions passed to the page are self-contained: they run there.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface DemoPage {
  /** A short name: screenshots and messages use it. */
  name: string;
  path: string;
  /** True in the page once its data has arrived and is drawn. */
  ready: () => boolean;
  /** axe rules that do not apply: Swagger UI draws its server picker outside its own <main>. */
  axeRulesOff?: string[];
}

const dashboard = (name: string, file: string): DemoPage => ({
  name: `dashboard-${name}`,
  path: `/examples/dashboards/${file}`,
  ready: new Function(`return document.body.dataset.loaded === ${JSON.stringify(name)};`) as () => boolean,
});

/** Every page a visitor of the demo reaches from the landing page. */
export const DEMO_PAGES: DemoPage[] = [
  {
    name: 'landing',
    path: '/',
    ready: () => (document.querySelector('[data-snippet]')?.textContent ?? '') !== '',
  },
  {
    name: 'crm',
    path: '/examples/crm/',
    ready: () =>
      document.querySelector('#history tr[data-call-id]') !== null &&
      document.querySelector('#recent-calls tr[data-call-id]') !== null &&
      (
        window as unknown as { ExotelCallRibbon?: { getState(): { initialized: boolean } } }
      ).ExotelCallRibbon?.getState().initialized === true,
  },
  {
    name: 'collections',
    path: '/examples/collections/',
    ready: () =>
      document.querySelector('[data-live-status][data-state="live"]') !== null &&
      document.getElementById('usage-detail')?.textContent !== '',
  },
  {
    name: 'analytics',
    path: '/examples/analytics/',
    ready: () => document.querySelector('#top-customers tr[data-customer-id]') !== null,
  },
  {
    name: 'dashboards',
    path: '/examples/dashboards/',
    ready: () => document.querySelector('header.topbar nav') !== null,
  },
  dashboard('sales', 'static-sales-dashboard.html'),
  dashboard('leads', 'static-leads-dashboard.html'),
  dashboard('account-management', 'static-account-management-dashboard.html'),
  dashboard('support', 'static-support-dashboard.html'),
  dashboard('billing', 'static-billing-dashboard.html'),
  {
    name: 'docs',
    path: '/docs',
    ready: () => document.body.dataset.loaded === 'docs',
    axeRulesOff: ['region'],
  },
];

/** axe-core's browser build, injected into a page with `addScriptTag({ content })`. */
export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The part of axe-core's API the checks use. */
export interface Axe {
  run(
    context: Document,
    options: { resultTypes: string[]; rules?: Record<string, { enabled: boolean }> },
  ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
}

/** The page's layout shifts so far, as `LAYOUT_SHIFT_OBSERVER` records them. */
export interface LayoutShifts {
  /** Cumulative layout shift as Lighthouse and Core Web Vitals define it: the largest session window. */
  cls: number;
  /** The shifts whose every moved node is the ribbon or inside it. */
  ribbon: number;
  /** Each shift, with what moved. */
  entries: { value: number; time: number; sources: string[] }[];
}

/** Installed before any page script (`addInitScript`): records layout shifts in `window.__layoutShifts`. */
export const LAYOUT_SHIFT_OBSERVER = `(() => {
  const shifts = { cls: 0, ribbon: 0, entries: [] };
  window.__layoutShifts = shifts;
  const elementOf = (node) => (node && node.nodeType === 1 ? node : node?.parentElement ?? null);
  const inside = (rect, box) =>
    rect.width > 0 && rect.left >= box.left - 1 && rect.right <= box.right + 1 && rect.top >= box.top - 1 && rect.bottom <= box.bottom + 1;
  // Chromium names no node inside a shadow tree: a nameless source counts as the ribbon's when
  // it lies within the ribbon's box.
  const inRibbon = (source) => {
    for (let element = elementOf(source.node); element; element = element.getRootNode().host ?? null) {
      if (element.closest('exotel-call-ribbon')) return true;
    }
    if (source.node) return false;
    const ribbon = document.querySelector('exotel-call-ribbon');
    if (!ribbon) return false;
    const box = ribbon.getBoundingClientRect();
    return inside(source.currentRect, box) || inside(source.previousRect, box);
  };
  const describe = (node) => {
    const element = elementOf(node);
    if (!element) return '(gone)';
    const section = element.closest('[data-section]')?.getAttribute('data-section');
    return (section ? '[' + section + '] ' : '') + element.localName + (element.id ? '#' + element.id : '') +
      (typeof element.className === 'string' && element.className ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
  };
  let sessionValue = 0;
  let sessionStart = 0;
  let previous = -Infinity;
  // Held by the page, so the observer lives as long as it does.
  window.__layoutShiftObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      if (entry.startTime - previous > 1000 || entry.startTime - sessionStart > 5000) {
        sessionStart = entry.startTime;
        sessionValue = 0;
      }
      previous = entry.startTime;
      sessionValue += entry.value;
      shifts.cls = Math.max(shifts.cls, sessionValue);
      if (entry.sources.length > 0 && entry.sources.every(inRibbon)) shifts.ribbon += entry.value;
      shifts.entries.push({ value: entry.value, time: Math.round(entry.startTime), sources: entry.sources.map((source) => describe(source.node)) });
    }
  });
  window.__layoutShiftObserver.observe({ type: 'layout-shift', buffered: true });
})();`;

/**
 * Everything on the page whose content is wider than its box, described for a person. Horizontal
 * scroll containers (`overflow-x: auto`) are deliberate, except that on a laptop's width
 * (`desktop`) a table must fit its card.
 */
export function overflowsOf({ desktop }: { desktop: boolean }): string[] {
  const found: string[] = [];
  const name = (element: Element): string => {
    const section = element.closest('[data-section]')?.getAttribute('data-section');
    const classes =
      typeof element.className === 'string' && element.className.trim() !== ''
        ? `.${element.className.trim().split(/\s+/).join('.')}`
        : '';
    const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${section ? `[${section}] ` : ''}${element.localName}${classes} "${text}"`;
  };
  const scrollsSideways = (element: Element) =>
    ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
  const shown = (element: HTMLElement) => element.getClientRects().length > 0;

  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    found.push(`the page scrolls sideways: ${page.scrollWidth} px of content in ${page.clientWidth} px`);
  }
  const boxes = document.querySelectorAll<HTMLElement>(
    'main td, main th, main .badge, main .stat-card, main .stat-value, main .stat-label, main .panel, main button, main h1, main h2, main p, main li, main dd, main dt, main .kpis, main .grid, .topbar, .topbar a',
  );
  for (const box of boxes) {
    if (!shown(box) || scrollsSideways(box) || box.closest('#api-reference')) continue;
    if (box.scrollWidth > box.clientWidth + 1) {
      found.push(`${name(box)}: ${box.scrollWidth} px of content in a ${box.clientWidth} px box`);
    }
  }
  for (const badge of document.querySelectorAll<HTMLElement>('main .badge')) {
    const holder = badge.parentElement?.closest<HTMLElement>('td, th, li, .stat-card, .panel');
    if (!holder || !shown(badge)) continue;
    const inner = badge.getBoundingClientRect();
    const outer = holder.getBoundingClientRect();
    if (inner.left < outer.left - 1 || inner.right > outer.right + 1) {
      found.push(`${name(badge)} sticks out of its ${holder.localName}`);
    }
  }
  if (desktop) {
    for (const wrap of document.querySelectorAll<HTMLElement>('main .table-wrap')) {
      if (shown(wrap) && wrap.scrollWidth > wrap.clientWidth + 1) {
        found.push(`${name(wrap)}: the table needs ${wrap.scrollWidth} px in a ${wrap.clientWidth} px card`);
      }
    }
  }
  return found;
}
