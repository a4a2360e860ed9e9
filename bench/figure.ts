/** One named measurement, with the baseline it is compared against in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** The target in words, e.g. ">= 0.7x baseline". */
  target?: string;
}

/** Runs `work` repeatedly for about `ms` milliseconds and returns operations per second. */
export const opsPerSecond = (work: () => void, ms = 1000): number => {
  for (let warm = 0; warm < 100; warm++) work();
  let operations = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let batch = 0; batch < 100; batch++) work();
    operations += 100;
    elapsed = performance.now() - started;
  }
  return (operations / elapsed) * 1000;
};
