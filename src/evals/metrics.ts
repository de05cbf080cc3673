/**
 * Agreement statistics between predicted and gold scores. Pure functions over paired arrays;
 * a statistic that is undefined for the data (no pairs, no variance) is null, never a made-up 0.
 */

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function checkPaired(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new Error(`paired arrays differ in length (${a.length} vs ${b.length})`);
}

/**
 * Cohen's kappa with quadratic weights on an integer scale [min, max]: 1 is perfect agreement,
 * 0 is what chance gives with the same marginals. Null when chance disagreement is zero.
 */
export function quadraticWeightedKappa(
  pred: readonly number[],
  gold: readonly number[],
  min = 1,
  max = 4,
): number | null {
  checkPaired(pred, gold);
  const n = pred.length;
  const k = max - min + 1;
  if (n === 0 || k < 2) return null;
  const observed: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const histPred = new Array<number>(k).fill(0);
  const histGold = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const p = Math.round(pred[i] as number) - min;
    const g = Math.round(gold[i] as number) - min;
    if (p < 0 || p >= k || g < 0 || g >= k) throw new Error(`value outside ${min}..${max}`);
    (observed[g] as number[])[p] = ((observed[g] as number[])[p] as number) + 1;
    histPred[p] = (histPred[p] as number) + 1;
    histGold[g] = (histGold[g] as number) + 1;
  }
  let num = 0;
  let den = 0;
  for (let g = 0; g < k; g++) {
    for (let p = 0; p < k; p++) {
      const w = ((g - p) * (g - p)) / ((k - 1) * (k - 1));
      num += w * ((observed[g] as number[])[p] as number);
      den += (w * (histGold[g] as number) * (histPred[p] as number)) / n;
    }
  }
  if (den === 0) return null;
  return 1 - num / den;
}

export function pearson(x: readonly number[], y: readonly number[]): number | null {
  checkPaired(x, y);
  if (x.length < 2) return null;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Ranks from 1, ties sharing their average rank. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(xs.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && (order[j + 1] as { v: number }).v === (order[i] as { v: number }).v) j++;
    const avg = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) out[(order[t] as { i: number }).i] = avg;
    i = j + 1;
  }
  return out;
}

export function spearman(x: readonly number[], y: readonly number[]): number | null {
  checkPaired(x, y);
  return pearson(ranks(x), ranks(y));
}

export function mae(pred: readonly number[], gold: readonly number[]): number | null {
  checkPaired(pred, gold);
  if (pred.length === 0) return null;
  return mean(pred.map((p, i) => Math.abs(p - (gold[i] as number))));
}

export function rmse(pred: readonly number[], gold: readonly number[]): number | null {
  checkPaired(pred, gold);
  if (pred.length === 0) return null;
  return Math.sqrt(mean(pred.map((p, i) => (p - (gold[i] as number)) ** 2)));
}

/** Mean of predicted minus gold: positive means the grader is more generous than people. */
export function meanSignedBias(pred: readonly number[], gold: readonly number[]): number | null {
  checkPaired(pred, gold);
  if (pred.length === 0) return null;
  return mean(pred.map((p, i) => p - (gold[i] as number)));
}

export function exactAgreement(pred: readonly number[], gold: readonly number[]): number | null {
  checkPaired(pred, gold);
  if (pred.length === 0) return null;
  return pred.filter((p, i) => p === gold[i]).length / pred.length;
}

export function withinOneAgreement(pred: readonly number[], gold: readonly number[]): number | null {
  checkPaired(pred, gold);
  if (pred.length === 0) return null;
  return pred.filter((p, i) => Math.abs(p - (gold[i] as number)) <= 1).length / pred.length;
}

/** counts[g][p]: how many pairs had gold label labels[g] and predicted label labels[p]. */
export function confusionMatrix<T>(pred: readonly T[], gold: readonly T[], labels: readonly T[]): number[][] {
  if (pred.length !== gold.length) throw new Error("paired arrays differ in length");
  const counts = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < pred.length; i++) {
    const g = labels.indexOf(gold[i] as T);
    const p = labels.indexOf(pred[i] as T);
    if (g < 0 || p < 0) continue;
    (counts[g] as number[])[p] = ((counts[g] as number[])[p] as number) + 1;
  }
  return counts;
}

export type KeyPointStatusLike = "covered" | "partial" | "missed";

export interface PrecisionRecall {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Pairs where predicted and gold status are the same (three-way). */
  exact: number | null;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  n: number;
}

/** Precision, recall and F1 from counts; F1 is undefined when either of the others is or both are 0. */
export function precisionRecallFromTallies(
  tp: number,
  fp: number,
  fn: number,
): { precision: number | null; recall: number | null; f1: number | null } {
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 = precision === null || recall === null || tp === 0 ? null : (2 * tp) / (2 * tp + fp + fn);
  return { precision, recall, f1 };
}

/** A key point counts as found when it is covered or partly covered, for both grader and gold. */
export function keyPointPrecisionRecall(
  pred: readonly KeyPointStatusLike[],
  gold: readonly KeyPointStatusLike[],
): PrecisionRecall {
  if (pred.length !== gold.length) throw new Error("paired arrays differ in length");
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let same = 0;
  for (let i = 0; i < pred.length; i++) {
    const p = pred[i] !== "missed";
    const g = gold[i] !== "missed";
    if (p && g) tp++;
    else if (p) fp++;
    else if (g) fn++;
    if (pred[i] === gold[i]) same++;
  }
  return {
    ...precisionRecallFromTallies(tp, fp, fn),
    exact: pred.length === 0 ? null : same / pred.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    n: pred.length,
  };
}

export interface RepeatConsistency {
  /** Units whose score was the same in every repeat. */
  identical: number | null;
  /** Mean over units of the mean absolute deviation of the repeats from the unit's own mean. */
  meanAbsoluteDeviation: number | null;
  /** Mean over repeat pairs of the QWK between them (only for scores on the 1-4 scale). */
  pairwiseKappa: number | null;
  units: number;
  repeats: number;
}

/** How stable a grader is across repeats: byRepeat[r][u] is unit u's score in repeat r. */
export function repeatConsistency(byRepeat: readonly (readonly number[])[], levelScale = true): RepeatConsistency {
  const repeats = byRepeat.length;
  const units = byRepeat[0]?.length ?? 0;
  for (const r of byRepeat) if (r.length !== units) throw new Error("every repeat must score the same units");
  if (repeats < 2 || units === 0) {
    return { identical: null, meanAbsoluteDeviation: null, pairwiseKappa: null, units, repeats };
  }
  let same = 0;
  let madSum = 0;
  for (let u = 0; u < units; u++) {
    const xs = byRepeat.map((r) => r[u] as number);
    if (xs.every((x) => x === xs[0])) same++;
    const m = mean(xs);
    madSum += mean(xs.map((x) => Math.abs(x - m)));
  }
  let kappa: number | null = null;
  if (levelScale) {
    const ks: number[] = [];
    for (let a = 0; a < repeats; a++) {
      for (let b = a + 1; b < repeats; b++) {
        const k = quadraticWeightedKappa(byRepeat[a] as number[], byRepeat[b] as number[]);
        // Two constant raters have no chance baseline: count them as agreeing only if they match.
        const constantAgree = (byRepeat[a] as number[]).every((x, i) => x === (byRepeat[b] as number[])[i]);
        ks.push(k ?? (constantAgree ? 1 : 0));
      }
    }
    kappa = mean(ks);
  }
  return { identical: same / units, meanAbsoluteDeviation: madSum / units, pairwiseKappa: kappa, units, repeats };
}

/** Levels 1-4 as a 4×4 count table, counts[(gold-1)*4 + (pred-1)]; lets resamples add tables. */
export function levelCounts(pairs: readonly (readonly [number, number])[]): Float64Array {
  const t = new Float64Array(16);
  for (const [p, g] of pairs) t[(g - 1) * 4 + (p - 1)] = (t[(g - 1) * 4 + (p - 1)] as number) + 1;
  return t;
}

export interface CountStats {
  qwk: number | null;
  mae: number | null;
  exact: number | null;
  withinOne: number | null;
}

/** QWK, MAE, exact and within-one from a 4×4 count table; equal to the pairwise functions above. */
export function statsFromCounts(t: Float64Array): CountStats {
  let n = 0;
  const rows = [0, 0, 0, 0];
  const cols = [0, 0, 0, 0];
  let abs = 0;
  let same = 0;
  let near = 0;
  let num = 0;
  for (let g = 0; g < 4; g++) {
    for (let p = 0; p < 4; p++) {
      const c = t[g * 4 + p] as number;
      if (c === 0) continue;
      n += c;
      rows[g] = (rows[g] as number) + c;
      cols[p] = (cols[p] as number) + c;
      const d = Math.abs(g - p);
      abs += d * c;
      if (d === 0) same += c;
      if (d <= 1) near += c;
      num += ((d * d) / 9) * c;
    }
  }
  if (n === 0) return { qwk: null, mae: null, exact: null, withinOne: null };
  let den = 0;
  for (let g = 0; g < 4; g++) {
    for (let p = 0; p < 4; p++) den += ((((g - p) * (g - p)) / 9) * (rows[g] as number) * (cols[p] as number)) / n;
  }
  return { qwk: den === 0 ? null : 1 - num / den, mae: abs / n, exact: same / n, withinOne: near / n };
}
