import { el } from '/examples/shared/api.js';
import {
  badge,
  chartPanel,
  kindOf,
  kpiCards,
  loadDashboard,
  money,
  PALETTE,
  panel,
  row,
  table,
} from './kit.js';

loadDashboard('leads', (data) => [
  el('h2', {}, 'Inbound'),
  kpiCards('inboundKpis', data.inboundKpis),
  el('h2', {}, 'Outbound'),
  kpiCards('outboundKpis', data.outboundKpis),
  el('h2', {}, 'Lead quality'),
  kpiCards('qualityMetrics', {
    ...data.qualityMetrics,
    avgCloudSpend: money(data.qualityMetrics.avgCloudSpend),
  }),
  row(
    chartPanel(
      'statusDistribution',
      'Lead status distribution',
      'statusDistribution',
      {
        type: 'bar',
        data: {
          labels: data.statusDistribution.map((row) => row.status),
          datasets: [
            {
              label: 'Leads',
              data: data.statusDistribution.map((row) => row.count),
              backgroundColor: PALETTE[0],
            },
          ],
        },
        options: {
          indexAxis: 'y',
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true } },
        },
      },
      {},
    ),
    panel(
      'statusDistribution-table',
      'Status counts',
      {},
      table(data.statusDistribution, [
        ['status', 'Status'],
        ['count', 'Leads'],
        ['percentage', '%'],
      ]),
    ),
  ),
  row(
    chartPanel('funnel', 'Inbound and outbound funnels', 'funnel', {
      type: 'bar',
      data: {
        labels: ['Top of funnel', 'Worked', 'Connected', 'Meetings / demos', 'Converted'],
        datasets: [
          {
            label: 'Inbound',
            data: [
              data.inboundKpis.totalLeads,
              data.inboundKpis.hotLeads,
              data.inboundKpis.connected,
              data.inboundKpis.demos,
              data.inboundKpis.converted,
            ],
            backgroundColor: PALETTE[0],
          },
          {
            label: 'Outbound',
            data: [
              data.outboundKpis.apolloData,
              data.outboundKpis.coldCalls,
              data.outboundKpis.connected,
              data.outboundKpis.meetings,
              data.outboundKpis.converted,
            ],
            backgroundColor: PALETTE[2],
          },
        ],
      },
      options: { scales: { y: { beginAtZero: true } } },
    }),
  ),
  row(
    panel(
      'teamPerformance',
      'Team performance',
      {},
      table(data.teamPerformance, [
        ['name', 'Name'],
        ['team', 'Team'],
        ['assigned', 'Assigned'],
        ['calls', 'Calls'],
        ['connected', 'Connected'],
        ['meetings', 'Meetings'],
        ['qualified', 'Qualified'],
        ['conversion', 'Conversion %'],
      ]),
    ),
  ),
  row(
    panel(
      'followUpTasks',
      'Follow-up tasks',
      {},
      table(data.followUpTasks, [
        ['lead', 'Lead'],
        ['type', 'Type'],
        ['dueDate', 'Due'],
        ['lastAction', 'Last action'],
        ['owner', 'Owner'],
        ['status', 'Status', (value) => badge(value, kindOf(value))],
        ['priority', 'Priority', (value) => badge(value, kindOf(value))],
      ]),
    ),
  ),
  row(
    panel(
      'leadDatabase',
      'Lead database',
      {},
      table(data.leadDatabase, [
        ['name', 'Name'],
        ['company', 'Company'],
        ['email', 'Email'],
        ['phone', 'Phone'],
        ['source', 'Source'],
        ['status', 'Status'],
        ['owner', 'Owner'],
        [
          'quality',
          'Quality',
          (value) => badge(value, value === 'High' ? 'success' : value === 'Low' ? 'danger' : 'warning'),
        ],
        ['useCase', 'Use case'],
        ['lastActivity', 'Last activity'],
      ]),
    ),
  ),
]);
