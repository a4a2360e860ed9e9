// `pnpm bench`: runs every bench/*.bench.ts, prints one table and writes results/latest.json.
// Each benchmark exports `run(): Promise<Figure[]>`; every figure carries its own baseline,
// measured in the same run, because absolute times are noise on shared machines.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './figure.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();

const figures: Figure[] = [];
/** A benchmark that threw: reported in the table and the JSON, and the run exits non-zero. */
const failures: { file: string; error: string }[] = [];
for (const file of files) {
  process.stdout.write(`running ${file} ...\n`);
  const started = performance.now();
  try {
    const module = (await import(join(here, file))) as { run: () => Promise<Figure[]> };
    figures.push(...(await module.run()));
    process.stdout.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push({ file, error: message });
    process.stdout.write(
      `  FAILED after ${((performance.now() - started) / 1000).toFixed(1)} s: ${message}\n`,
    );
  }
}

const rows = figures.map((figure) => [
  figure.name,
  `${formatNumber(figure.value)} ${figure.unit}`,
  figure.baseline ? `${formatNumber(figure.baseline.value)} ${figure.unit} (${figure.baseline.name})` : '',
  figure.baseline && figure.baseline.value > 0 ? `${(figure.value / figure.baseline.value).toFixed(2)}x` : '',
  figure.target ?? '',
]);
const header = ['figure', 'value', 'baseline', 'ratio', 'target'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => row[column]!.length)),
);
const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
for (const row of rows) console.log(line(row));
for (const failure of failures) console.log(`FAILED ${failure.file}: ${failure.error}`);

const out = join(here, 'results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, figures, failures }, null, 2)}\n`,
);
console.log(`\nwrote ${out}`);
if (failures.length > 0) process.exitCode = 1;

function formatNumber(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}
