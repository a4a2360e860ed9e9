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

const status = (value, row, classField) => badge(value, row[classField] ?? kindOf(value));

loadDashboard('billing', (data) => [
  kpiCards('kpis', data.kpis, { gstCollected: 'GST collected' }),
  row(
    chartPanel('salesVsCollection', 'Invoiced vs collected (₹ lakh)', 'salesVsCollection', {
      type: 'bar',
      data: {
        labels: data.salesVsCollection.labels,
        datasets: [
          { label: 'Invoiced', data: data.salesVsCollection.invoiced, backgroundColor: PALETTE[0] },
          { label: 'Collected', data: data.salesVsCollection.collected, backgroundColor: PALETTE[1] },
          { label: 'Pending', data: data.salesVsCollection.pending, backgroundColor: PALETTE[2] },
        ],
      },
      options: { scales: { y: { beginAtZero: true } } },
    }),
    chartPanel('agingBuckets', 'Receivables by age (₹ lakh)', 'agingBuckets', {
      type: 'bar',
      data: {
        labels: data.agingBuckets.map((bucket) => bucket.label),
        datasets: [
          {
            label: '₹ lakh',
            data: data.agingBuckets.map((bucket) => Number(bucket.amount)),
            backgroundColor: data.agingBuckets.map((bucket) => bucket.color),
          },
        ],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    }),
  ),
  row(
    chartPanel('productRevenue', 'Revenue by product (₹ lakh)', 'productRevenue', {
      type: 'bar',
      data: {
        labels: data.productRevenue.labels,
        datasets: [
          { label: 'Invoiced', data: data.productRevenue.invoiced, backgroundColor: PALETTE[0] },
          { label: 'Collected', data: data.productRevenue.collected, backgroundColor: PALETTE[1] },
        ],
      },
      options: { scales: { y: { beginAtZero: true } } },
    }),
    chartPanel('refundReasons', 'Refund reasons', 'refundReasons', {
      type: 'doughnut',
      data: {
        labels: data.refundMetrics.reasons.labels,
        datasets: [{ data: data.refundMetrics.reasons.values, backgroundColor: PALETTE }],
      },
      options: { plugins: { legend: { position: 'right' } } },
    }),
  ),
  row(
    panel(
      'refundMetrics',
      'Refunds',
      {},
      el(
        'div',
        { class: 'kpis' },
        ['totalRefunds', 'refundCount', 'avgProcessingTime'].map((key) =>
          el(
            'div',
            { class: 'stat-card', 'data-kpi': key },
            el(
              'div',
              { class: 'stat-value' },
              key === 'totalRefunds' ? money(data.refundMetrics[key]) : data.refundMetrics[key],
            ),
            el(
              'div',
              { class: 'stat-label' },
              {
                totalRefunds: 'Total refunds',
                refundCount: 'Refunds',
                avgProcessingTime: 'Avg processing time',
              }[key],
            ),
          ),
        ),
      ),
    ),
  ),
  row(
    panel(
      'alerts',
      'Alerts',
      {},
      el(
        'ul',
        { class: 'feed' },
        data.alerts.map((alert, index) =>
          el(
            'li',
            { 'data-row': index },
            badge(alert.severity, alert.severity === 'High' ? 'danger' : 'warning'),
            ' ',
            el('strong', {}, alert.title),
            ` — ${alert.description} `,
            el('span', { class: 'muted' }, `(${alert.action})`),
          ),
        ),
      ),
    ),
  ),
  row(
    panel(
      'overdueDetails',
      'Overdue invoices',
      {},
      table(data.overdueDetails, [
        ['invoiceNo', 'Invoice'],
        ['invoiceDate', 'Date'],
        ['customer', 'Customer'],
        ['type', 'Type', (value, row) => status(value, row, 'typeClass')],
        ['dueDate', 'Due'],
        ['amount', 'Amount', money],
        ['paid', 'Paid', money],
        ['outstanding', 'Outstanding', money],
        ['daysOverdue', 'Days overdue'],
        ['status', 'Status', (value, row) => status(value, row, 'statusClass')],
      ]),
    ),
  ),
  row(
    panel(
      'refundDetails',
      'Refund details',
      {},
      table(data.refundDetails, [
        ['refundId', 'Refund'],
        ['date', 'Date'],
        ['customer', 'Customer'],
        ['invoiceNo', 'Invoice'],
        ['amount', 'Amount', money],
        ['reason', 'Reason'],
        ['processedBy', 'Processed by'],
        ['status', 'Status', (value, row) => status(value, row, 'statusClass')],
      ]),
    ),
  ),
  row(
    panel(
      'gstDetails',
      'GST',
      {},
      table(data.gstDetails, [
        ['invoiceNo', 'Invoice'],
        ['customer', 'Customer'],
        ['type', 'Type', (value, row) => status(value, row, 'typeClass')],
        ['placeOfSupply', 'Place of supply'],
        ['taxableValue', 'Taxable value', money],
        ['cgst', 'CGST', money],
        ['sgst', 'SGST', money],
        ['igst', 'IGST', money],
        ['category', 'Category'],
      ]),
    ),
  ),
  row(
    panel(
      'customerHealth',
      'Customer payment health',
      {},
      table(data.customerHealth, [
        ['name', 'Customer'],
        ['mrr', 'MRR', money],
        ['healthScore', 'Health'],
        ['avgDelay', 'Avg delay (days)'],
        ['totalOverdues', 'Overdue', money],
        ['refundCount', 'Refunds'],
        ['riskLevel', 'Risk', (value, row) => status(value, row, 'riskClass')],
      ]),
    ),
  ),
  row(
    panel(
      'teamPerformance',
      'Billing team',
      {},
      table(data.teamPerformance, [
        ['name', 'Name'],
        ['invoices', 'Invoices'],
        ['amount', 'Invoiced', money],
        ['collections', 'Collected', money],
        ['reminders', 'Reminders'],
        ['refunds', 'Refunds'],
        ['errors', 'Errors'],
        ['invoiceTime', 'Invoice time (days)'],
        ['paymentTime', 'Payment time (days)'],
      ]),
    ),
  ),
]);
