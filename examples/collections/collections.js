import {
  clearError,
  client,
  el,
  formatDateTime,
  formatInt,
  LIVE_STATUSES,
  liveStatus,
  showError,
  statusBadge,
  subscribeToCalls,
} from '/examples/shared/api.js';

const active = new Map();
const text = (id, value) => {
  document.getElementById(id).textContent = value;
};

function renderActive() {
  text('active-calls', formatInt(active.size));
  const rows = [...active.values()]
    .sort((a, b) => b.startTime.localeCompare(a.startTime))
    .map((call) =>
      el(
        'tr',
        { 'data-call-id': call.callId },
        el('td', {}, call.customerName ?? '—'),
        el('td', {}, call.phoneNumber),
        el('td', {}, call.direction),
        el('td', {}, statusBadge(call.status)),
        el('td', {}, formatDateTime(call.startTime)),
      ),
    );
  const body = document.getElementById('active-list');
  body.replaceChildren(
    ...(rows.length > 0
      ? rows
      : [el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'No call in progress'))]),
  );
}

/** The three totals of the seed's dashboard, as its updateDashboard computed them. */
async function refreshTotals() {
  const [analytics, config] = await Promise.all([client.analytics.detailed(), client.config()]);
  text('total-calls', formatInt(analytics.summary.totalCalls));
  text('total-duration', `${formatInt(Math.floor(analytics.summary.totalDuration / 3600))}h`);
  const usagePercent = Math.round((config.usage.callsThisMonth / config.usage.limit) * 100);
  text('usage', `${usagePercent}%`);
  text(
    'usage-detail',
    `${formatInt(config.usage.callsThisMonth)} of ${formatInt(config.usage.limit)} calls this month (${config.client.timezone}).`,
  );
}

async function refreshAll() {
  try {
    const [, activeCalls] = await Promise.all([refreshTotals(), client.calls.active()]);
    active.clear();
    for (const call of activeCalls.calls) active.set(call.callId, call);
    renderActive();
    clearError();
  } catch (error) {
    showError(error, 'The dashboard could not load');
  }
}

// Totals change on every event; a burst of events refetches them once.
let totalsTimer;
function refreshTotalsSoon() {
  clearTimeout(totalsTimer);
  totalsTimer = setTimeout(() => refreshTotals().catch((error) => showError(error)), 300);
}

function logActivity({ call, events }) {
  const feed = document.getElementById('activity');
  feed.querySelector('.empty')?.remove();
  const last = events.at(-1);
  feed.prepend(
    el(
      'li',
      { 'data-call-id': call.callId },
      el('strong', {}, last?.event ?? call.status),
      ` · ${call.customerName ?? call.phoneNumber} · ${call.direction} · `,
      el('span', { class: 'muted' }, formatDateTime(last?.timestamp ?? call.startTime)),
    ),
  );
  while (feed.children.length > 20) feed.lastElementChild.remove();
}

/** `GET /api/ribbon/agents`: each agent's status (chosen in the ribbon, or on-call / offline) and live call. */
async function refreshAgents() {
  try {
    const { agents } = await client.agents.list();
    const rows = agents.map((agent) =>
      el(
        'tr',
        { 'data-agent-id': agent.agentId },
        el('td', {}, agent.name ?? agent.agentId),
        el(
          'td',
          {},
          el('span', { class: `badge ${agent.status === 'on-call' ? 'live' : agent.status}` }, agent.status),
        ),
        el(
          'td',
          {},
          agent.currentCall ? `${agent.currentCall.direction} · ${agent.currentCall.phoneNumber}` : '—',
        ),
        el('td', {}, formatDateTime(agent.lastSeenAt)),
      ),
    );
    document
      .getElementById('agent-list')
      .replaceChildren(
        ...(rows.length > 0
          ? rows
          : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'No agent has opened the ribbon yet'))]),
      );
  } catch (error) {
    showError(error, 'The agents could not load');
  }
}

// A call moves its agent to on-call and back (on the stream); a chosen status or silence shows within 10 s.
let agentsTimer;
function refreshAgentsSoon() {
  clearTimeout(agentsTimer);
  agentsTimer = setTimeout(refreshAgents, 300);
}
setInterval(refreshAgents, 10_000);

await Promise.all([refreshAll(), refreshAgents()]);
subscribeToCalls({
  onState: liveStatus,
  onResync: refreshAll,
  onCall(update) {
    const { call } = update;
    if (!call) return;
    if (LIVE_STATUSES.has(call.status)) active.set(call.callId, call);
    else active.delete(call.callId);
    renderActive();
    logActivity(update);
    refreshTotalsSoon();
    refreshAgentsSoon();
  },
});
