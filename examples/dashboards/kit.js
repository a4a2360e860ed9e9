// Building blocks of the five dashboard pages: each page fetches its endpoint once and
// renders every section of the seed's response with these.
import { client, el, formatInt, formatRupees, showError } from '/examples/shared/api.js';
import { drawChart, PALETTE } from '/examples/shared/charts.js';

export { PALETTE };

const ACRONYMS = { frt: 'FRT', mrr: 'MRR', gst: 'GST', nps: 'NPS', csat: 'CSAT', sla: 'SLA', qbr: 'QBR' };

/** `avgFRT` -> "Avg FRT", `totalMRR` -> "Total MRR". */
export function labelOf(key) {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

/** The page's root for sections: `<div id="sections">`. */
const root = () => document.getElementById('sections');

/** A titled panel, `data-section` named after the response field it shows. */
export function panel(section, title, { wide = false } = {}, ...children) {
  const node = el(
    'section',
    { class: `panel${wide ? ' wide' : ''}`, 'data-section': section },
    el('h2', {}, title),
    ...children,
  );
  // A table that scrolls sideways on a phone is a focusable region named after its panel.
  for (const wrap of node.querySelectorAll('.table-wrap:not([aria-label])'))
    wrap.setAttribute('aria-label', title);
  return node;
}

/** One row of the page's grid: its panels share the width (one panel takes all of it). */
export const row = (...panels) => el('div', { class: 'grid' }, ...panels);

/** A row of KPI cards, one per field of `values` (`data-kpi` is the field name). */
export function kpiCards(section, values, labels = {}) {
  return el(
    'div',
    { class: 'kpis', 'data-section': section },
    Object.entries(values).map(([key, value]) =>
      el(
        'div',
        { class: 'stat-card', 'data-kpi': key },
        el('div', { class: 'stat-value' }, String(value).includes('₹') ? money(value) : value),
        el('div', { class: 'stat-label' }, labels[key] ?? labelOf(key)),
      ),
    ),
  );
}

/** Rows a long table shows at a time; previous and next buttons page through the rest. */
export const PAGE_SIZE = 20;

/**
 * A table of `rows`; `columns` are `[field, label, render?]`. Numbers and money align right.
 * Each row carries `data-row` (its index in `rows`) for tests and styling. More than
 * `pageSize` rows are paged: "1–20 of 50" with previous and next.
 */
export function table(rows, columns, { pageSize = PAGE_SIZE } = {}) {
  const numeric = (field, render) => render === money || typeof rows[0]?.[field] === 'number';
  const body = el('tbody');
  const wrap = el(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region' },
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          columns.map(([field, label, render]) =>
            el('th', { class: numeric(field, render) ? 'num' : undefined, scope: 'col' }, label),
          ),
        ),
      ),
      body,
    ),
  );
  const show = (start) =>
    body.replaceChildren(
      ...(rows.length === 0
        ? [el('tr', {}, el('td', { colspan: columns.length, class: 'empty' }, 'Nothing to show'))]
        : rows.slice(start, start + pageSize).map((row, offset) =>
            el(
              'tr',
              { 'data-row': start + offset },
              columns.map(([field, , render]) =>
                el(
                  'td',
                  { class: numeric(field, render) ? 'num' : undefined, 'data-field': field },
                  render ? render(row[field], row) : (row[field] ?? ''),
                ),
              ),
            ),
          )),
    );
  show(0);
  if (rows.length <= pageSize) return wrap;

  let start = 0;
  const status = el('span', { 'data-page-status': '', 'aria-live': 'polite' });
  const previous = el('button', { type: 'button', class: 'secondary', 'data-page': 'previous' }, 'Previous');
  const next = el('button', { type: 'button', class: 'secondary', 'data-page': 'next' }, 'Next');
  const go = (to) => {
    start = Math.min(Math.max(0, to), Math.floor((rows.length - 1) / pageSize) * pageSize);
    show(start);
    status.textContent = `${formatInt(start + 1)}–${formatInt(Math.min(start + pageSize, rows.length))} of ${formatInt(rows.length)}`;
    previous.disabled = start === 0;
    next.disabled = start + pageSize >= rows.length;
  };
  previous.addEventListener('click', () => go(start - pageSize));
  next.addEventListener('click', () => go(start + pageSize));
  go(0);
  return el('div', { class: 'paged-table' }, wrap, el('div', { class: 'pager' }, status, previous, next));
}

/** A money column or card: the seed's text (`"₹ 1.8L"`, `"82,579"`) as rupees, `"₹1,80,000"`. */
export const money = (text) => formatRupees(Math.round(rupees(text)));

/** A badge; `kind` is one of the seed's classes (success, warning, danger, info, ...). */
export const badge = (text, kind = '') => el('span', { class: `badge ${kind}`.trim() }, text);

/** The badge class a status word suggests. */
export function kindOf(text) {
  const word = String(text).toLowerCase();
  if (/(critical|overdue|lost|high risk|breach|danger|churn|due)/.test(word)) return 'danger';
  if (
    /(risk|warning|medium|progress|upcoming|waiting|watch|pending|behind|coaching|needs|improve|slow)/.test(
      word,
    )
  )
    return 'warning';
  if (/(done|won|track|healthy|low risk|completed|resolved|success|within|renewed|positive|ahead)/.test(word))
    return 'success';
  return '';
}

/** A chart in a panel; the canvas gets `data-chart` = `name`. */
export function chartPanel(section, title, name, config, options = {}) {
  const canvas = el('canvas', { 'data-chart': name, 'aria-label': title, role: 'img' });
  const node = panel(section, title, options, el('div', { class: 'chart-box' }, canvas));
  queueMicrotask(() => drawChart(canvas, config));
  return node;
}

/** A list of activity lines. */
export function feed(items, line) {
  return el(
    'ul',
    { class: 'feed' },
    items.length === 0
      ? el('li', { class: 'empty' }, 'Nothing yet')
      : items.map((item, index) => el('li', { 'data-row': index }, line(item))),
  );
}

/** `/api/dashboards/<name>` through the client, by its method. */
const DASHBOARDS = {
  sales: () => client.dashboards.sales(),
  leads: () => client.dashboards.leads(),
  'account-management': () => client.dashboards.accountManagement(),
  support: () => client.dashboards.support(),
  billing: () => client.dashboards.billing(),
};

/** Fetches `/api/dashboards/<name>` and hands the body to `render`, which returns the sections. */
export async function loadDashboard(name, render) {
  const target = root();
  target.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  try {
    const data = await DASHBOARDS[name]();
    target.replaceChildren(...render(data));
    // After the charts, which draw in microtasks queued by render.
    queueMicrotask(() => {
      document.body.dataset.loaded = name;
    });
  } catch (error) {
    target.replaceChildren();
    showError(
      error,
      `The ${labelOf(name.replace(/-./g, (m) => m[1].toUpperCase()))} dashboard could not load`,
    );
  }
}

/** Parses the seed's formatted money (`"₹ 1.8L"`, `"45K"`, `"2,50,000"`) into rupees, for charts. */
export function rupees(text) {
  const match = String(text)
    .replace(/[₹,\s]/g, '')
    .match(/^(-?[\d.]+)(Cr|Lk|L|K)?$/i);
  if (!match) return 0;
  const scale = { cr: 1e7, lk: 1e5, l: 1e5, k: 1e3 }[match[2]?.toLowerCase()] ?? 1;
  return Number(match[1]) * scale;
}
