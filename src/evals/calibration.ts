import { seededRandom } from "./sampling.ts";

/**
 * Monotone calibration of a grader's scores to people's: isotonic regression (pool adjacent
 * violators), which assumes only that a higher raw score should never mean a lower human score.
 */

/** A fitted non-decreasing step map: block i covers raw scores [lo[i], hi[i]] and maps to y[i]. */
export interface IsotonicMap {
  lo: number[];
  hi: number[];
  y: number[];
}

/** Least-squares non-decreasing fit of y on x by pool-adjacent-violators. */
export function fitIsotonic(x: readonly number[], y: readonly number[]): IsotonicMap {
  if (x.length !== y.length) throw new Error("paired arrays differ in length");
  if (x.length === 0) throw new Error("cannot fit a calibration on no points");
  const order = x.map((_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number));
  const blocks: { lo: number; hi: number; sum: number; n: number }[] = [];
  for (const i of order) {
    const xi = x[i] as number;
    const last = blocks[blocks.length - 1];
    // Equal raw scores must map to one value, so they always share a block.
    if (last && last.hi === xi) {
      last.sum += y[i] as number;
      last.n++;
    } else {
      blocks.push({ lo: xi, hi: xi, sum: y[i] as number, n: 1 });
    }
    while (blocks.length >= 2) {
      const b = blocks[blocks.length - 1] as (typeof blocks)[number];
      const a = blocks[blocks.length - 2] as (typeof blocks)[number];
      // Equal neighbours pool too, so the map has no redundant steps.
      if (a.sum / a.n < b.sum / b.n) break;
      blocks.splice(blocks.length - 2, 2, { lo: a.lo, hi: b.hi, sum: a.sum + b.sum, n: a.n + b.n });
    }
  }
  return { lo: blocks.map((b) => b.lo), hi: blocks.map((b) => b.hi), y: blocks.map((b) => b.sum / b.n) };
}

/** Maps a raw score: the block's value inside a block, linear between blocks, flat beyond the ends. */
export function applyIsotonic(map: IsotonicMap, x: number): number {
  const n = map.y.length;
  if (x <= (map.hi[0] as number)) return map.y[0] as number;
  for (let i = 1; i < n; i++) {
    const lo = map.lo[i] as number;
    if (x < lo) {
      const prevHi = map.hi[i - 1] as number;
      const t = (x - prevHi) / (lo - prevHi);
      return (map.y[i - 1] as number) + t * ((map.y[i] as number) - (map.y[i - 1] as number));
    }
    if (x <= (map.hi[i] as number)) return map.y[i] as number;
  }
  return map.y[n - 1] as number;
}

/** Fold of each of n items: a seeded shuffle dealt round-robin, so folds differ in size by at most one. */
export function foldsOf(n: number, k: number, seed: number): number[] {
  const rand = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const fold = new Array<number>(n);
  order.forEach((item, pos) => {
    fold[item] = pos % k;
  });
  return fold;
}

/** A fitted line, clamped to the range of the people's scores it was fitted on. */
export interface LinearMap {
  a: number;
  b: number;
  lo: number;
  hi: number;
}

/**
 * Least-squares line from raw to human score with a slope of at least 0, so it is monotone too.
 * Two parameters against isotonic's one per block: on a few dozen items it mostly moves and
 * stretches the scores (the bias a dataset's base rate causes) without chasing their noise.
 */
export function fitLinear(x: readonly number[], y: readonly number[]): LinearMap {
  if (x.length !== y.length) throw new Error("paired arrays differ in length");
  if (x.length === 0) throw new Error("cannot fit a calibration on no points");
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((x[i] as number) - mx) * ((y[i] as number) - my);
    sxx += ((x[i] as number) - mx) ** 2;
  }
  const b = sxx === 0 ? 0 : Math.max(0, sxy / sxx);
  return { a: my - b * mx, b, lo: Math.min(...y), hi: Math.max(...y) };
}

export function applyLinear(map: LinearMap, x: number): number {
  return Math.min(map.hi, Math.max(map.lo, map.a + map.b * x));
}

/**
 * Cross-validated calibrated scores: each item is mapped by a fit on the other folds only, so no
 * item's calibrated score comes from a map that saw it.
 */
export function crossValidated(
  raw: readonly number[],
  gold: readonly number[],
  k: number,
  seed: number,
  fitMap: (x: readonly number[], y: readonly number[]) => (x: number) => number,
): number[] {
  if (raw.length < k) throw new Error(`${k}-fold calibration needs at least ${k} items, got ${raw.length}`);
  const fold = foldsOf(raw.length, k, seed);
  const out = new Array<number>(raw.length);
  for (let f = 0; f < k; f++) {
    const train = raw.flatMap((_, i) => (fold[i] === f ? [] : [i]));
    const map = fitMap(
      train.map((i) => raw[i] as number),
      train.map((i) => gold[i] as number),
    );
    raw.forEach((x, i) => {
      if (fold[i] === f) out[i] = map(x);
    });
  }
  return out;
}

export const isotonicFit = (x: readonly number[], y: readonly number[]) => {
  const map = fitIsotonic(x, y);
  return (v: number) => applyIsotonic(map, v);
};

export const linearFit = (x: readonly number[], y: readonly number[]) => {
  const map = fitLinear(x, y);
  return (v: number) => applyLinear(map, v);
};

export const crossValidatedIsotonic = (raw: readonly number[], gold: readonly number[], k: number, seed: number) =>
  crossValidated(raw, gold, k, seed, isotonicFit);
