import {
  exactAgreement,
  levelCounts,
  mae,
  meanSignedBias,
  pearson,
  quadraticWeightedKappa,
  rmse,
  spearman,
  statsFromCounts,
  withinOneAgreement,
} from "./metrics.ts";
import type { RubricItemResult } from "./results.ts";
import { bootstrapIntervals, type Interval, pick } from "./sampling.ts";

export interface BootstrapSettings {
  seed?: number;
  resamples?: number;
}

/** One bootstrap unit: an item and its (predicted, gold) pairs. Items, not pairs, are resampled. */
export type Unit<T> = T[];
export type LevelPair = [number, number];

export interface LevelStats {
  /** Pairs where both the grader and gold gave a level. */
  n: number;
  items: number;
  qwk: number | null;
  pearson: number | null;
  spearman: number | null;
  mae: number | null;
  rmse: number | null;
  exact: number | null;
  withinOne: number | null;
  bias: number | null;
  meanPredicted: number | null;
  meanGold: number | null;
  ci: { qwk: Interval | null; mae: Interval | null; exact: Interval | null; withinOne: Interval | null };
}

export const flat = <T>(units: readonly Unit<T>[], idx?: readonly number[]): T[] =>
  (idx ? pick(units, idx) : units).flat();
export const col = (pairs: readonly LevelPair[], i: 0 | 1) => pairs.map((p) => p[i]);

const avg = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

export function levelStats(units: readonly Unit<LevelPair>[], opts: BootstrapSettings = {}): LevelStats {
  const pairs = flat(units);
  const pred = col(pairs, 0);
  const gold = col(pairs, 1);
  // Each item becomes a 4×4 count table, so a resample is a sum of tables, not a copy of pairs.
  const tables = units.map(levelCounts);
  const [qwkCi, maeCi, exactCi, withinCi] = bootstrapIntervals(
    units.length,
    (idx) => {
      const sum = new Float64Array(16);
      for (const i of idx) {
        const t = tables[i] as Float64Array;
        for (let j = 0; j < 16; j++) sum[j] = (sum[j] as number) + (t[j] as number);
      }
      const s = statsFromCounts(sum);
      return [s.qwk, s.mae, s.exact, s.withinOne];
    },
    4,
    { seed: opts.seed, resamples: opts.resamples },
  );
  return {
    n: pairs.length,
    items: units.length,
    qwk: quadraticWeightedKappa(pred, gold),
    pearson: pearson(pred, gold),
    spearman: spearman(pred, gold),
    mae: mae(pred, gold),
    rmse: rmse(pred, gold),
    exact: exactAgreement(pred, gold),
    withinOne: withinOneAgreement(pred, gold),
    bias: meanSignedBias(pred, gold),
    meanPredicted: avg(pred),
    meanGold: avg(gold),
    ci: { qwk: qwkCi ?? null, mae: maeCi ?? null, exact: exactCi ?? null, withinOne: withinCi ?? null },
  };
}

/** Level pairs of one graded, labelled item, optionally for one competency. */
export function pairsOf(r: RubricItemResult, competencyId?: string): LevelPair[] {
  if (!r.predicted || !r.gold) return [];
  const out: LevelPair[] = [];
  for (const [cid, g] of Object.entries(r.gold.competencies)) {
    if (competencyId && cid !== competencyId) continue;
    const p = r.predicted.competencies[cid];
    if (g !== null && p !== null && p !== undefined) out.push([p, g]);
  }
  return out;
}

export function keyPointPairsOf(r: RubricItemResult): [RubricKpStatus, RubricKpStatus][] {
  if (!r.predicted || !r.gold) return [];
  return Object.entries(r.gold.keyPoints).flatMap(([id, g]) => {
    const p = r.predicted?.keyPoints[id];
    return p ? [[p, g] as [RubricKpStatus, RubricKpStatus]] : [];
  });
}
export type RubricKpStatus = "covered" | "partial" | "missed";
