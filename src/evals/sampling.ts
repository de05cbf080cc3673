/**
 * Seeded resampling: a small deterministic generator and percentile bootstrap intervals, so a
 * re-run of the same data reports the same intervals.
 */

import { seededRandom } from "../random.ts";

export { seededRandom };

/** Linear-interpolated quantile of sorted values (q in [0, 1]). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("quantile of an empty list");
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export interface Interval {
  low: number;
  high: number;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  /** Confidence level, 0.95 by default. */
  level?: number;
}

/**
 * Percentile bootstrap over units 0..n-1: draws n units with replacement, recomputes the
 * statistic on them, and returns the central interval. Resamples where the statistic is
 * undefined are skipped; null when fewer than half are defined.
 */
export function bootstrapInterval(
  n: number,
  statistic: (indices: readonly number[]) => number | null,
  opts: BootstrapOptions = {},
): Interval | null {
  return bootstrapIntervals(n, (idx) => [statistic(idx)], 1, opts)[0] ?? null;
}

/**
 * The same bootstrap for several statistics computed from each resample at once (the same
 * resamples for all of them, so this is k times cheaper than k separate calls).
 */
export function bootstrapIntervals(
  n: number,
  statistics: (indices: readonly number[]) => readonly (number | null)[],
  k: number,
  opts: BootstrapOptions = {},
): (Interval | null)[] {
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  if (n === 0) return new Array(k).fill(null);
  const rand = seededRandom(opts.seed ?? 20240601);
  const values: number[][] = Array.from({ length: k }, () => []);
  const idx = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rand() * n);
    const vs = statistics(idx);
    for (let j = 0; j < k; j++) {
      const v = vs[j];
      if (v !== null && v !== undefined && Number.isFinite(v)) (values[j] as number[]).push(v);
    }
  }
  const tail = (1 - level) / 2;
  return values.map((vs) => {
    if (vs.length < resamples / 2) return null;
    vs.sort((a, b) => a - b);
    return { low: quantile(vs, tail), high: quantile(vs, 1 - tail) };
  });
}

export function pick<T>(xs: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => xs[i] as T);
}
