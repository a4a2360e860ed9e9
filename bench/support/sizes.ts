// Data sizes of the read benchmarks. The large one defaults to 3M calls because building
// 10M (about 35 µs a call here) does not fit the 15-minute budget on a first, uncached run;
// BENCH_LARGE_CALLS=10000000 runs 10M.
export const SMALL_CALLS = 1_000_000;
export const LARGE_CALLS = Number(process.env.BENCH_LARGE_CALLS ?? 3_000_000);
export const label = (calls: number) => (calls >= 1_000_000 ? `${calls / 1_000_000}M` : `${calls / 1000}k`);
