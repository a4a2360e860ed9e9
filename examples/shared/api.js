// What every example page shares: the demo key, fetch with a readable error, the live stream.

const params = new URLSearchParams(location.search);

/** The demo tenant's key; `?apiKey=...` on a page's address tries another tenant. */
export const API_KEY = params.get('apiKey') ?? 'demo-api-key';
/** The pages are served by the reference server itself, so the API is on the same origin. */
export const API_URL = params.get('apiUrl') ?? location.origin;

/** A request the server refused or never answered, with a message a person can act on. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** GETs (or sends) `path` with the key and returns the JSON body; throws ApiError otherwise. */
export async function api(path, { method = 'GET', body, signal, accept = 'json' } = {}) {
  let response;
  try {
    response = await fetch(`${API_URL}${path}`, {
      method,
      signal,
      headers: {
        'X-API-Key': API_KEY,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(
      `Cannot reach the Call Ribbon server at ${API_URL}. Is it running? Start it with "pnpm start".`,
      0,
    );
  }
  if (!response.ok) {
    const text = await response.text();
    let message = text.slice(0, 300);
    try {
      message = JSON.parse(text).message ?? message;
    } catch {}
    throw new ApiError(`${method} ${path} failed with ${response.status}: ${message}`, response.status);
  }
  return accept === 'text' ? response.text() : response.json();
}

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
  banner.replaceChildren(el('strong', {}, title), el('span', {}, error?.message ?? String(error)));
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
 * Subscribes to the tenant's live call events (`GET /api/ribbon/stream`, read with fetch so
 * the key goes in the X-API-Key header). Reconnects after a drop, resuming from the last
 * event id. `onCall({ callId, call, events })` gets every call change; `onResync()` means
 * events were missed and the page should refetch. Returns a function that stops it.
 */
export function subscribeToCalls({ onCall, onResync, onState }) {
  let stopped = false;
  let controller;
  let lastEventId;
  let retryMs = 1000;
  const setState = (state) => onState?.(state);

  const dispatch = (block) => {
    let event = 'message';
    let id;
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
    }
    if (id !== undefined) lastEventId = id;
    if (event === 'call' && data.length > 0) onCall(JSON.parse(data.join('\n')));
    else if (event === 'resync') onResync?.();
    else if (event === 'ready') setState('live');
  };

  const run = async () => {
    let delay = retryMs;
    while (!stopped) {
      controller = new AbortController();
      setState('connecting');
      try {
        const headers = { 'X-API-Key': API_KEY, Accept: 'text/event-stream' };
        if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
        const response = await fetch(`${API_URL}/api/ribbon/stream`, { headers, signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        delay = retryMs;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          for (let end = buffer.search(/\r?\n\r?\n/); end !== -1; end = buffer.search(/\r?\n\r?\n/)) {
            const separator = buffer.slice(end).match(/^\r?\n\r?\n/)[0];
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + separator.length);
          }
        }
      } catch {
        // Dropped or refused: wait and reconnect below.
      }
      if (stopped) return;
      setState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30_000);
      // Resuming cannot tell whether the server restarted in between: refetch to be sure.
      onResync?.();
    }
  };
  run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

/** Shows the stream's state in an element with `data-live-status`. */
export function liveStatus(state) {
  const pill = document.querySelector('[data-live-status]');
  if (!pill) return;
  pill.dataset.state = state;
  pill.textContent =
    { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' }[state] ?? state;
}
