import { el } from '/examples/shared/api.js';
import { badge, chartPanel, kindOf, kpiCards, loadDashboard, PALETTE, panel, row, table } from './kit.js';

const SIGNAL_KINDS = { positive: 'success', critical: 'danger', warning: 'warning' };

const trend = (name, title, series, color) =>
  chartPanel(name, title, name, {
    type: 'line',
    data: {
      labels: series.labels,
      datasets: [
        { label: title, data: series.values, borderColor: color, backgroundColor: color, tension: 0.3 },
      ],
    },
    options: { plugins: { legend: { display: false } } },
  });

loadDashboard('support', (data) => [
  kpiCards('kpis', data.kpis, { csatScore: 'CSAT score', avgFRT: 'Avg first response' }),
  row(
    chartPanel('ticketStatus', 'Tickets by status', 'ticketStatus', {
      type: 'doughnut',
      data: {
        labels: ['New', 'In progress', 'Waiting on customer', 'Resolved', 'Closed', 'Reopened'],
        datasets: [
          {
            data: [
              data.ticketStatus.new,
              data.ticketStatus.inProgress,
              data.ticketStatus.waitingCustomer,
              data.ticketStatus.resolved,
              data.ticketStatus.closed,
              data.ticketStatus.reopened,
            ],
            backgroundColor: PALETTE,
          },
        ],
      },
      options: { plugins: { legend: { position: 'right' } } },
    }),
    chartPanel('reopenReasons', 'Reopen reasons', 'reopenReasons', {
      type: 'bar',
      data: {
        labels: data.reopenReasons.labels,
        datasets: [
          { label: 'Reopened tickets', data: data.reopenReasons.values, backgroundColor: PALETTE[3] },
        ],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    }),
  ),
  row(
    trend('frtTrend', 'First response time (min)', data.slaMetrics.frtTrend, PALETTE[0]),
    trend('resolutionTrend', 'Resolution time (hrs)', data.slaMetrics.resolutionTrend, PALETTE[1]),
    trend('complianceTrend', 'SLA compliance (%)', data.slaMetrics.complianceTrend, PALETTE[2]),
  ),
  row(
    chartPanel('agentComparison', 'Agent comparison', 'agentComparison', {
      type: 'bar',
      data: {
        labels: data.agentComparison.map((agent) => agent.name),
        datasets: [
          {
            label: 'Score',
            data: data.agentComparison.map((agent) => agent.score),
            backgroundColor: PALETTE[0],
            yAxisID: 'y',
          },
          {
            label: 'Resolution time (hrs)',
            data: data.agentComparison.map((agent) => agent.resolutionTime),
            backgroundColor: PALETTE[2],
            yAxisID: 'hours',
          },
        ],
      },
      options: {
        scales: {
          y: { beginAtZero: true, max: 100 },
          hours: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } },
        },
      },
    }),
  ),
  row(
    panel(
      'agentScorecards',
      'Agent scorecards',
      {},
      el(
        'div',
        { class: 'kpis wide-cards' },
        data.agentScorecards.map((agent) =>
          el(
            'div',
            { class: 'stat-card', 'data-agent': agent.id },
            el('div', { class: 'stat-value' }, agent.score),
            el('strong', {}, agent.name),
            el('div', { class: 'muted' }, agent.role),
            el(
              'div',
              { class: 'muted', style: 'font-size:12px;margin-top:6px' },
              `FRT ${agent.avgFRT} · resolution ${agent.avgResolutionTime} · allocation ${agent.avgAllocationTime}`,
            ),
            el(
              'div',
              { class: 'muted', style: 'font-size:12px' },
              `${agent.ticketsResolved}/${agent.ticketsHandled} resolved · reopen ${agent.reopenRate} · ${agent.slaBreach} SLA breaches · CSAT ${agent.csat}`,
            ),
            el(
              'div',
              { class: 'badges', style: 'margin-top:6px' },
              // The words decide the colour ("Needs coaching" is not good news); the agent's overall signal otherwise.
              agent.signals.map((signal) =>
                badge(signal, kindOf(signal) || SIGNAL_KINDS[agent.signalType] || 'neutral'),
              ),
            ),
          ),
        ),
      ),
    ),
  ),
  row(
    panel(
      'tickets',
      'Tickets',
      {},
      table(data.tickets, [
        ['id', 'Ticket'],
        ['subject', 'Subject'],
        ['customer', 'Customer'],
        ['severity', 'Severity', (value) => badge(value, kindOf(value === 'High' ? 'critical' : value))],
        ['status', 'Status', (value) => badge(value, kindOf(value))],
        ['sla', 'SLA', (value) => badge(value, kindOf(value))],
        ['assignee', 'Assignee'],
        ['category', 'Category'],
        ['createdAt', 'Created'],
        ['age', 'Age'],
      ]),
    ),
  ),
  row(
    panel(
      'shiftHandover',
      'Shift handover',
      {},
      el(
        'div',
        { class: 'kpis' },
        el(
          'div',
          { class: 'stat-card', 'data-kpi': 'pendingTickets' },
          el('div', { class: 'stat-value' }, data.shiftHandover.pendingTickets),
          el('div', { class: 'stat-label' }, 'Pending tickets'),
        ),
        el(
          'div',
          { class: 'stat-card', 'data-kpi': 'criticalIssues' },
          el('div', { class: 'stat-value' }, data.shiftHandover.criticalIssues),
          el('div', { class: 'stat-label' }, 'Critical issues'),
        ),
      ),
      el('p', { 'data-field': 'notes' }, data.shiftHandover.notes),
      el(
        'p',
        { class: 'muted' },
        `${data.shiftHandover.previousShift} · handed over by ${data.shiftHandover.handoverBy}`,
      ),
    ),
  ),
]);
