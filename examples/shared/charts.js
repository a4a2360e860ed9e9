// Chart.js (served by the reference server at /vendor/chart.umd.js) with the pages' palette.
export const PALETTE = [
  '#4f46e5',
  '#0f9d6b',
  '#f59e0b',
  '#ef4444',
  '#06b6d4',
  '#a855f7',
  '#64748b',
  '#ec4899',
];

const { Chart } = window;
if (!Chart) throw new Error('Chart.js did not load from /vendor/chart.umd.js');
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.color = '#5b6478';
Chart.defaults.maintainAspectRatio = false;
// Screenshots and tests read the final state; nothing is lost without the entry animation.
Chart.defaults.animation = false;

/** Draws (or redraws) a chart into `canvas`. */
export function drawChart(canvas, config) {
  Chart.getChart(canvas)?.destroy();
  return new Chart(canvas, config);
}
