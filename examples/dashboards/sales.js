import { el } from '/examples/shared/api.js';
import {
  badge,
  chartPanel,
  feed,
  kindOf,
  kpiCards,
  loadDashboard,
  money,
  PALETTE,
  panel,
  row,
  rupees,
  table,
} from './kit.js';

const LEAD_STATUS_LABELS = {
  newLeads: 'New leads',
  hotLeads: 'Hot leads',
  activeDeals: 'Active deals',
  lostDeals: 'Lost deals',
  qualified: 'Qualified',
  unresponsive: 'Unresponsive',
};

loadDashboard('sales', (data) => {
  const stages = data.pipeline.stages;
  return [
    kpiCards('kpis', data.kpis),
    row(
      chartPanel('pipeline', 'Pipeline by stage', 'pipeline', {
        type: 'bar',
        data: {
          labels: stages.map((stage) => stage.name),
          datasets: [
            {
              label: 'Deals',
              data: stages.map((stage) => stage.count),
              backgroundColor: PALETTE[0],
              yAxisID: 'y',
            },
            {
              label: 'Value (₹ lakh)',
              data: stages.map((stage) => Math.round(rupees(stage.value) / 1000) / 100),
              backgroundColor: PALETTE[1],
              yAxisID: 'value',
            },
          ],
        },
        options: {
          scales: {
            y: { beginAtZero: true, title: { display: true, text: 'Deals' } },
            value: {
              beginAtZero: true,
              position: 'right',
              grid: { drawOnChartArea: false },
              title: { display: true, text: '₹ lakh' },
            },
          },
        },
      }),
      chartPanel('leadStatus', 'Lead status', 'leadStatus', {
        type: 'doughnut',
        data: {
          labels: Object.keys(data.leadStatus).map((key) => LEAD_STATUS_LABELS[key] ?? key),
          datasets: [{ data: Object.values(data.leadStatus), backgroundColor: PALETTE }],
        },
        options: { plugins: { legend: { position: 'right' } } },
      }),
    ),
    panel(
      'pipeline-board',
      'Pipeline',
      {},
      el(
        'div',
        { style: 'display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(200px,1fr))' },
        stages.map((stage) =>
          el(
            'div',
            { class: 'stat-card', 'data-stage': stage.name },
            el('strong', {}, stage.name),
            el('div', { class: 'muted' }, `${stage.count} deals · ${money(stage.value)}`),
            el(
              'ul',
              { class: 'feed' },
              stage.deals.map((deal) =>
                el(
                  'li',
                  { 'data-deal': deal.id },
                  el('div', {}, deal.name),
                  el('span', { class: 'muted' }, `${deal.company} · ${money(deal.value)} · ${deal.rep}`),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    el('div', { style: 'height:16px' }),
    row(
      panel(
        'followUpTasks',
        'Follow-up tasks',
        {},
        table(data.followUpTasks, [
          ['time', 'Time'],
          ['name', 'Contact'],
          ['company', 'Company'],
          ['task', 'Task'],
          ['type', 'Type'],
          ['status', 'Status', (value) => badge(value, kindOf(value))],
        ]),
      ),
    ),
    row(
      panel(
        'recentActivity',
        'Recent activity',
        {},
        feed(data.recentActivity, (item) => [
          el('strong', {}, item.user),
          ` ${item.description} `,
          item.details ? el('div', { class: 'muted' }, item.details) : null,
          el('span', { class: 'muted' }, `· ${item.time}`),
        ]),
      ),
    ),
    row(
      panel(
        'salesTargets',
        'Sales targets',
        {},
        table(data.salesTargets, [
          ['rep', 'Rep'],
          ['quarter', 'Quarter'],
          ['month', 'Month'],
          ['targetBusiness', 'Target business', money],
          ['achievedRevenue', 'Achieved revenue', money],
          ['targetMRR', 'Target MRR', money],
          ['achievedMRR', 'Achieved MRR', money],
          ['achievement', 'Achievement'],
          ['status', 'Status', (value) => badge(value, kindOf(value))],
        ]),
      ),
    ),
  ];
});
