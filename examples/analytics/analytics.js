import { clearError, client, el, formatDuration, formatInt, showError } from '/examples/shared/api.js';
import { drawChart, PALETTE } from '/examples/shared/charts.js';

const form = document.getElementById('range');
const DAY_MS = 86_400_000;
const isoDay = (date) => date.toISOString().slice(0, 10);

// Default range: the last 30 days, today included.
const today = new Date();
form.startDate.value = isoDay(new Date(today.getTime() - 29 * DAY_MS));
form.endDate.value = isoDay(today);

const range = () => ({ startDate: form.startDate.value, endDate: form.endDate.value });

const SUMMARY = [
  ['totalCalls', 'Total calls', formatInt],
  ['answeredCalls', 'Answered', formatInt],
  ['missedCalls', 'Missed', formatInt],
  ['inboundCalls', 'Inbound', formatInt],
  ['outboundCalls', 'Outbound', formatInt],
  ['totalDuration', 'Talk time', formatDuration],
  ['avgDuration', 'Average call', formatDuration],
];

function render(data) {
  document
    .getElementById('summary')
    .replaceChildren(
      ...SUMMARY.map(([key, label, format]) =>
        el(
          'div',
          { class: 'stat-card', 'data-summary': key },
          el('div', { class: 'stat-value' }, format(data.summary[key])),
          el('div', { class: 'stat-label' }, label),
        ),
      ),
    );
  const bar = (canvas, labels, values, label, color) =>
    drawChart(document.getElementById(canvas), {
      type: 'bar',
      data: { labels, datasets: [{ label, data: values, backgroundColor: color }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    });
  bar(
    'by-hour',
    Object.keys(data.callsByHour).map((hour) => `${hour.padStart(2, '0')}:00`),
    Object.values(data.callsByHour),
    'Calls',
    PALETTE[0],
  );
  bar(
    'by-day',
    Object.keys(data.callsByDayOfWeek).map((day) => day.slice(0, 3)),
    Object.values(data.callsByDayOfWeek),
    'Calls',
    PALETTE[1],
  );
  drawChart(document.getElementById('durations'), {
    type: 'doughnut',
    data: {
      labels: Object.keys(data.durationBuckets),
      datasets: [{ data: Object.values(data.durationBuckets), backgroundColor: PALETTE }],
    },
    options: { plugins: { legend: { position: 'right' } } },
  });
  const rows = data.topCustomers.map((customer, index) =>
    el(
      'tr',
      { 'data-customer-id': customer.customerId },
      el('td', {}, index + 1),
      el('td', {}, customer.customerName ?? customer.customerId),
      el('td', { class: 'num' }, formatInt(customer.callCount)),
      el('td', { class: 'num' }, formatDuration(customer.totalDuration)),
    ),
  );
  document
    .getElementById('top-customers')
    .replaceChildren(
      ...(rows.length > 0
        ? rows
        : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'No calls in this range'))]),
    );
  document.getElementById('range-label').textContent =
    `${form.startDate.value} to ${form.endDate.value} (whole days)`;
}

async function load() {
  try {
    render(await client.analytics.detailed(range()));
    clearError();
  } catch (error) {
    showError(error, 'Analytics could not load');
  }
}

async function exportCsv() {
  const button = document.getElementById('export-csv');
  button.disabled = true;
  try {
    await client.exports.calls.download(
      { format: 'csv', ...range() },
      `call-logs-${form.startDate.value}-to-${form.endDate.value}.csv`,
    );
  } catch (error) {
    showError(error, 'The export failed');
  } finally {
    button.disabled = false;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (form.startDate.value > form.endDate.value) {
    showError(new Error('"From" must not be after "To".'), 'Check the dates');
    return;
  }
  load();
});
document.getElementById('export-csv').addEventListener('click', exportCsv);
await load();
