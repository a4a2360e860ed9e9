// What every example page shares: the typed client (its browser build, served by the
// reference server), the demo key, error banners, formatting and the live stream's status.
import { createClient, isNetworkError } from '/sdk/call-ribbon-client.js';

const params = new URLSearchParams(location.search);

/** The demo tenant's key; `?apiKey=...` on a page's address tries another tenant. */
export const API_KEY = params.get('apiKey') ?? 'demo-api-key';
/** The pages are served by the reference server itself, so the API is on the same origin. */
export const API_URL = params.get('apiUrl') ?? location.origin;

/** The one client every page talks to the server with. */
export const client = createClient({ apiKey: API_KEY, apiUrl: API_URL });

// A table that scrolls sideways on a phone takes focus, so a keyboard can scroll it too.
for (const wrap of document.querySelectorAll('.table-wrap')) wrap.tabIndex = 0;

/** A message a person can act on: the client's own, or how to start an unreachable server. */
const describe = (error) =>
  isNetworkError(error)
    ? `Cannot reach the Call Ribbon server at ${API_URL}. Is it running? Start it with "pnpm start".`
    : (error?.message ?? String(error));

/** Shows `error` in the page's error banner (one per page, at the top of <main>). */
export function showError(error, title = 'Something went wrong') {
  let banner = document.querySelector('[data-error-banner]');
  if (!banner) {
    banner = document.createElement('div');
    banner.className = 'error-banner';
    banner.setAttribute('role', 'alert');
    banner.dataset.errorBanner = '';
    document.querySelector('main')?.prepend(banner);
  }
  banner.replaceChildren(el('strong', {}, title), el('span', {}, describe(error)));
  banner.hidden = false;
}

export function clearError() {
  const banner = document.querySelector('[data-error-banner]');
  if (banner) banner.hidden = true;
}

/** Creates an element: `el('td', { class: 'num' }, '42')`. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on') && typeof value === 'function')
      node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const integer = new Intl.NumberFormat('en-IN');

/** 3653 -> "3,653" (Indian grouping, as the dashboards use). */
export const formatInt = (value) => integer.format(value);

/** Talk time: 4215 -> "1h 10m", 245 -> "4m 05s", 35 -> "35s". */
export function formatDuration(seconds) {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

const rupeeFormat = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  maximumFractionDigits: 0,
});
const paiseFormat = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });

/** Money: 53271 -> "₹53,271", 1234567.5 -> "₹12,34,567.50" (rupee sign, Indian grouping). */
export const formatRupees = (value) => (Number.isInteger(value) ? rupeeFormat : paiseFormat).format(value);

const dateTime = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short' });
export const formatDateTime = (iso) => (iso ? dateTime.format(new Date(iso)) : '');

/** Call statuses that mean the call is still going on. */
export const LIVE_STATUSES = new Set(['dialing', 'ringing', 'incoming', 'connected', 'on-hold']);

/** A badge for a call status (`completed`, `missed`, ...). */
export function statusBadge(status) {
  const kind = LIVE_STATUSES.has(status) ? 'live' : status;
  return el('span', { class: `badge ${kind}` }, status);
}

/**
 * Subscribes to the tenant's live call events (`client.stream()`: reconnects, resumes after
 * the last event id). `onCall({ callId, call, events })` gets every call change; `onResync()`
 * means events may have been missed and the page should refetch. Returns a function that stops it.
 */
export function subscribeToCalls({ onCall, onResync, onState }) {
  const live = client.stream({ onCall, onResync, onState, onRefused: (error) => showError(error) });
  return () => live.close();
}

/** Shows the stream's state in an element with `data-live-status`. */
export function liveStatus(state) {
  const pill = document.querySelector('[data-live-status]');
  if (!pill) return;
  pill.dataset.state = state;
  pill.textContent =
    { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' }[state] ?? state;
}
