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
  table,
} from './kit.js';

loadDashboard('account-management', (data) => [
  kpiCards('kpis', data.kpis, { avgHealthScore: 'Avg health score', nps: 'NPS' }),
  row(
    chartPanel('mrrTrend', 'MRR trend (₹ lakh)', 'mrrTrend', {
      type: 'line',
      data: {
        labels: data.mrrTrend.labels,
        datasets: [
          {
            label: 'Existing MRR',
            data: data.mrrTrend.existingMRR,
            borderColor: PALETTE[0],
            backgroundColor: PALETTE[0],
            tension: 0.3,
          },
          {
            label: 'Collected MRR',
            data: data.mrrTrend.collectionMRR,
            borderColor: PALETTE[1],
            backgroundColor: PALETTE[1],
            tension: 0.3,
          },
        ],
      },
    }),
    chartPanel('healthDistribution', 'Account health', 'healthDistribution', {
      type: 'doughnut',
      data: {
        labels: ['Healthy', 'Watchlist', 'At risk', 'Critical'],
        datasets: [
          {
            data: [
              data.healthDistribution.healthy,
              data.healthDistribution.watchlist,
              data.healthDistribution.atRisk,
              data.healthDistribution.critical,
            ],
            backgroundColor: ['#10b981', '#f59e0b', '#f97316', '#ef4444'],
          },
        ],
      },
      options: { plugins: { legend: { position: 'right' } } },
    }),
  ),
  row(
    panel(
      'atRiskAccounts',
      'At-risk accounts',
      {},
      table(data.atRiskAccounts, [
        ['company', 'Company'],
        ['mrr', 'MRR', money],
        ['healthScore', 'Health'],
        ['riskLevel', 'Risk', (value) => badge(value, kindOf(value))],
        ['riskReasons', 'Reasons', (value) => value.join(', ')],
        ['renewalDate', 'Renewal'],
        ['csm', 'CSM'],
        ['lastContact', 'Last contact'],
      ]),
    ),
  ),
  row(
    panel(
      'renewals',
      'Renewals',
      {},
      table(data.renewals, [
        ['company', 'Company'],
        ['mrr', 'MRR', money],
        ['renewalDate', 'Renewal'],
        ['status', 'Status', (value) => badge(value, kindOf(value))],
        ['probability', 'Probability %'],
        ['csm', 'CSM'],
      ]),
    ),
  ),
  row(
    panel(
      'followUpTasks',
      'Follow-up tasks',
      {},
      table(data.followUpTasks, [
        ['task', 'Task'],
        ['account', 'Account'],
        ['dueDate', 'Due'],
        ['priority', 'Priority', (value) => badge(value, kindOf(value))],
        ['type', 'Type'],
      ]),
    ),
  ),
  row(
    panel(
      'portfolioAccounts',
      'Portfolio',
      {},
      table(data.portfolioAccounts, [
        ['company', 'Company'],
        ['type', 'Type'],
        ['mrr', 'MRR', money],
        ['healthScore', 'Health'],
        ['products', 'Products', (value) => value.join(', ')],
        ['renewalDate', 'Renewal'],
        ['csm', 'CSM'],
        ['lastQbr', 'Last QBR'],
      ]),
    ),
  ),
  row(
    panel(
      'recentActivity',
      'Recent activity',
      {},
      feed(data.recentActivity, (item) => [
        el('strong', {}, item.title),
        item.status ? [' ', badge(item.status, kindOf(item.status))] : null,
        el('div', {}, item.description),
        el('span', { class: 'muted' }, `${item.user} · ${item.time}`),
      ]),
    ),
  ),
]);
