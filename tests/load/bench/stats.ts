// Percentiles and small helpers shared by the parent and the client processes.

/** Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC, the same for every process of the machine). */
export const monoMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Distribution summary in milliseconds. */
export interface Summary {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Nearest-rank percentile of a sorted array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** n, min, mean, p50, p95, p99 and max of the samples (NaN when there are none). */
export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.length === 0 ? NaN : s.reduce((sum, x) => sum + x, 0) / s.length;
  return {
    n: s.length,
    min: round(s[0] ?? NaN),
    mean: round(mean),
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s.at(-1) ?? NaN),
  };
}

/** Adds the counts of `b` into `a` (error and event tallies). */
export function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
  return a;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A uniform random integer in [min, max]. */
export const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** A uniform random number in [min, max). */
export const uniform = (min: number, max: number) => min + Math.random() * (max - min);
