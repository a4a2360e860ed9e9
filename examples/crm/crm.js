import {
  API_KEY,
  API_URL,
  clearError,
  client,
  el,
  formatDateTime,
  formatDuration,
  formatInt,
  formatRupees,
  liveStatus,
  showError,
  statusBadge,
  subscribeToCalls,
} from '/examples/shared/api.js';

const ribbon = window.ExotelCallRibbon;
const DAY_MS = 86_400_000;
const RECENT_LIMIT = 10;
const HISTORY_LIMIT = 20;

let selectedId = null;
const recent = new Map();

if (!ribbon) {
  showError(
    new Error(
      '/sdk/exotel-call-ribbon.js did not load: build it with "pnpm --filter @call-ribbon/ribbon build".',
    ),
    'No ribbon',
  );
} else {
  ribbon
    .init({
      apiKey: API_KEY,
      apiUrl: API_URL,
      position: 'bottom',
      agent: { id: 'agent-demo', name: 'You (demo)' },
      // As the backend guide does on callEnded: once this agent's event is stored, refresh the history.
      onCallEvent(_event, data) {
        const customerId = data.customerData?.customerId;
        if (!customerId || customerId !== selectedId) return;
        ribbon
          .flush()
          .then(() => refreshHistorySoon(customerId))
          .catch((error) => showError(error));
      },
    })
    .catch((error) => showError(error, 'The ribbon could not start'));
}

// ---- Customer list -------------------------------------------------------

function customerButton({ customerId, name, detail }) {
  return el(
    'li',
    {},
    el(
      'button',
      {
        type: 'button',
        'data-customer-id': customerId,
        'aria-pressed': customerId === selectedId ? 'true' : 'false',
        onclick: () => selectCustomer(customerId),
      },
      el('div', {}, name ?? customerId),
      el('div', { class: 'muted' }, detail),
    ),
  );
}

async function loadCustomerList() {
  const today = new Date();
  const { topCustomers } = await client.analytics.detailed({
    startDate: new Date(today.getTime() - 89 * DAY_MS).toISOString().slice(0, 10),
    endDate: today.toISOString().slice(0, 10),
  });
  document.getElementById('list-caption').textContent = 'Most called in the last 90 days';
  document.getElementById('customer-list').replaceChildren(
    ...topCustomers.map((customer) =>
      customerButton({
        customerId: customer.customerId,
        name: customer.customerName,
        detail: `${customer.customerId} · ${formatInt(customer.callCount)} calls`,
      }),
    ),
  );
  return topCustomers;
}

document.getElementById('phone-search').addEventListener('submit', async (event) => {
  event.preventDefault();
  const phone = event.target.phone.value.trim();
  if (phone === '') {
    await loadCustomerList().catch((error) => showError(error));
    return;
  }
  try {
    const { customers } = await client.customers.findByPhone(phone);
    document.getElementById('list-caption').textContent = `${customers.length} found for ${phone}`;
    document.getElementById('customer-list').replaceChildren(
      ...customers.map((customer) =>
        customerButton({
          customerId: customer.customerId,
          name: customer.name,
          detail: customer.phone ?? '',
        }),
      ),
    );
    clearError();
  } catch (error) {
    showError(error, 'Search failed');
  }
});

// ---- Customer detail -----------------------------------------------------

function historyRows(calls) {
  if (calls.length === 0) return [el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'No calls yet'))];
  return calls.map((call) =>
    el(
      'tr',
      { 'data-call-id': call.callId },
      el('td', {}, formatDateTime(call.startTime)),
      el('td', {}, call.direction),
      el('td', {}, statusBadge(call.status)),
      el('td', { class: 'num' }, formatDuration(call.duration)),
      el('td', {}, [call.disposition, call.notes].filter(Boolean).join(' — ')),
    ),
  );
}

async function renderHistory(customerId) {
  const history = await client.customers.calls(customerId, { limit: HISTORY_LIMIT });
  if (customerId !== selectedId) return;
  document.getElementById('total-calls').textContent = formatInt(history.totalCalls);
  document.getElementById('total-talk').textContent = formatDuration(history.totalDuration);
  document.getElementById('history').replaceChildren(...historyRows(history.calls));
}

async function selectCustomer(customerId) {
  selectedId = customerId;
  for (const button of document.querySelectorAll('#customer-list button')) {
    button.setAttribute('aria-pressed', String(button.dataset.customerId === customerId));
  }
  const detail = document.getElementById('detail');
  try {
    const { customer } = await client.customers.get(customerId);
    if (customerId !== selectedId) return;
    const phone = customer?.phone ?? '';
    const name = customer?.name ?? customerId;
    ribbon?.setCustomer({
      phoneNumber: phone,
      name,
      customerId,
      ...(customer?.email ? { email: customer.email } : {}),
      ...(customer?.company ? { company: customer.company } : {}),
    });
    const fields = {
      'Customer id': customerId,
      Phone: phone,
      Email: customer?.email,
      Company: customer?.company,
      ...Object.fromEntries(
        Object.entries(customer?.customFields ?? {}).map(([key, value]) => [
          labelOf(key),
          fieldText(key, value),
        ]),
      ),
    };
    detail.replaceChildren(
      el(
        'div',
        { class: 'detail-head' },
        el(
          'div',
          {},
          el('h2', { 'data-customer-name': '' }, name),
          el('div', { class: 'muted' }, customer?.company ?? ''),
        ),
        el(
          'button',
          {
            type: 'button',
            id: 'call-button',
            disabled: !phone || !ribbon,
            onclick: () => callCustomer(phone),
          },
          `Call ${phone}`,
        ),
      ),
      el(
        'dl',
        { class: 'fields' },
        Object.entries(fields)
          .filter(([, value]) => value)
          .map(([key, value]) => [el('dt', {}, key), el('dd', {}, value)]),
      ),
      el(
        'div',
        { class: 'kpis' },
        el(
          'div',
          { class: 'stat-card' },
          el('div', { class: 'stat-value', id: 'total-calls' }, '–'),
          el('div', { class: 'stat-label' }, 'Calls'),
        ),
        el(
          'div',
          { class: 'stat-card' },
          el('div', { class: 'stat-value', id: 'total-talk' }, '–'),
          el('div', { class: 'stat-label' }, 'Talk time'),
        ),
      ),
      el('h2', {}, 'Call history'),
      el(
        'div',
        { class: 'table-wrap history', tabindex: 0, role: 'region', 'aria-label': 'Call history' },
        el(
          'table',
          {},
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', {}, 'Started'),
              el('th', {}, 'Direction'),
              el('th', {}, 'Status'),
              el('th', { class: 'num' }, 'Talk time'),
              el('th', {}, 'Outcome'),
            ),
          ),
          el('tbody', { id: 'history' }),
        ),
      ),
    );
    await renderHistory(customerId);
    clearError();
  } catch (error) {
    showError(error, `Customer ${customerId} could not load`);
  }
}

/** A custom field's name as a label: `accountBalance` -> "Account balance". */
const labelOf = (key) => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Custom fields that hold money, by name (`accountBalance`, `outstandingAmount`, ...). */
const MONEY_FIELD = /(balance|amount|outstanding|revenue|mrr|price|dues?)$/i;

/** A custom field's value as a person reads it: money in rupees with Indian grouping. */
const fieldText = (key, value) =>
  typeof value === 'number' && MONEY_FIELD.test(key) ? formatRupees(value) : String(value);

async function callCustomer(phone) {
  try {
    await ribbon.dial(phone);
  } catch (error) {
    showError(error, 'The call did not start');
  }
}

// ---- Recent calls (the whole tenant) ------------------------------------

function renderRecent() {
  const rows = [...recent.values()]
    .sort((a, b) => b.startTime.localeCompare(a.startTime))
    .slice(0, RECENT_LIMIT)
    .map((call) =>
      el(
        'tr',
        { 'data-call-id': call.callId },
        el('td', {}, formatDateTime(call.startTime)),
        el('td', {}, call.customerName ?? '—'),
        el('td', {}, call.phoneNumber),
        el('td', {}, call.direction),
        el('td', {}, statusBadge(call.status)),
        el('td', { class: 'num' }, formatDuration(call.duration)),
        el('td', {}, call.agentId ?? ''),
      ),
    );
  document.getElementById('recent-calls').replaceChildren(...rows);
}

async function loadRecent() {
  const { logs } = await client.calls.list({ page: 1, pageSize: RECENT_LIMIT });
  recent.clear();
  for (const call of logs) recent.set(call.callId, call);
  renderRecent();
}

// A burst of events for one customer refetches their history once.
let historyTimer;
function refreshHistorySoon(customerId) {
  clearTimeout(historyTimer);
  historyTimer = setTimeout(() => renderHistory(customerId).catch((error) => showError(error)), 150);
}

async function start() {
  try {
    const [top] = await Promise.all([loadCustomerList(), loadRecent()]);
    const first = new URLSearchParams(location.search).get('customer') ?? top[0]?.customerId;
    if (first) await selectCustomer(first);
  } catch (error) {
    showError(error, 'The CRM could not load');
  }
  subscribeToCalls({
    onState: liveStatus,
    onResync: () => {
      loadRecent().catch((error) => showError(error));
      if (selectedId) refreshHistorySoon(selectedId);
    },
    onCall({ call }) {
      if (!call) return;
      recent.set(call.callId, call);
      renderRecent();
      if (selectedId && call.customerId === selectedId) refreshHistorySoon(selectedId);
    },
  });
}

start();
