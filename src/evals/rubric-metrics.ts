import {
  type BootstrapSettings,
  col,
  flat,
  keyPointPairsOf,
  type LevelStats,
  levelStats,
  pairsOf,
  type RubricKpStatus,
} from "./level-stats.ts";
import {
  confusionMatrix,
  keyPointPrecisionRecall,
  mae,
  meanSignedBias,
  type PrecisionRecall,
  pearson,
  precisionRecallFromTallies,
  rmse,
  spearman,
} from "./metrics.ts";
import type { RubricItemResult } from "./results.ts";
import { bootstrapIntervals, type Interval } from "./sampling.ts";

export interface OverCap {
  itemId: string;
  kind: string;
  cap: number;
  maxLevel: number;
  repeat: number;
}

/**
 * Levels per item rather than per pair: an item's level is the mean of the levels it was given.
 * `mean` is the mean over items of that item level; `shareAtLeast3` the share of items whose item
 * level is 3 or more (what a candidate would read as "good"). Computed over every graded item of
 * the group, labelled or not; `gold` is the same over the items that have gold labels.
 */
export interface ItemLevelStats {
  n: number;
  mean: number | null;
  shareAtLeast3: number | null;
  gold: { n: number; mean: number | null; shareAtLeast3: number | null };
}

export type GroupStats = LevelStats & { itemLevel: ItemLevelStats };

/** Every rubric metric over one set of items: all of them, or one split. */
export interface RubricMetrics {
  /** Rubric items (first repeat) and the distinct questions they answer. */
  items: number;
  questions: number;
  overall: (LevelStats & { confusion: number[][] }) | null;
  itemScore: {
    n: number;
    pearson: number | null;
    spearman: number | null;
    mae: number | null;
    rmse: number | null;
    bias: number | null;
  } | null;
  byCompetency: Record<string, LevelStats>;
  byRound: Record<string, GroupStats>;
  byQuality: Record<string, GroupStats>;
  /** Items carrying the optional `category` field (shallow-mention, strong-paraphrase, ...). */
  byCategory: Record<string, GroupStats>;
  notObserved: { goldNullPredictedLevel: number; predictedNullGoldLevel: number };
  keyPoints: (PrecisionRecall & { ci: { f1: Interval | null; recall: Interval | null } }) | null;
  adversarial: { n: number; ungraded: number; passed: number; passRate: number | null; overCap: OverCap[] } | null;
}

export function groupBy<T>(xs: readonly T[], key: (x: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (k === null) continue;
    out.set(k, [...(out.get(k) ?? []), x]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

const average = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const shareAtLeast3 = (xs: readonly number[]) => (xs.length === 0 ? null : xs.filter((x) => x >= 3).length / xs.length);

export function itemLevelStats(results: readonly RubricItemResult[]): ItemLevelStats {
  const pred = results.flatMap((r) => (r.score === null || r.error ? [] : [r.score]));
  const gold = results.flatMap((r) => (r.goldScore === null ? [] : [r.goldScore]));
  return {
    n: pred.length,
    mean: average(pred),
    shareAtLeast3: shareAtLeast3(pred),
    gold: { n: gold.length, mean: average(gold), shareAtLeast3: shareAtLeast3(gold) },
  };
}

function adversarialMetrics(rubric: readonly RubricItemResult[]): RubricMetrics["adversarial"] {
  const adv = rubric.filter((r) => r.adversarial);
  if (adv.length === 0) return null;
  const byItem = groupBy(adv, (r) => r.itemId);
  const overCap: OverCap[] = [];
  let ungraded = 0;
  let passed = 0;
  for (const results of byItem.values()) {
    if (results.some((r) => r.error || !r.predicted)) {
      ungraded++;
      continue;
    }
    let ok = true;
    for (const r of results) {
      const levels = Object.values(r.predicted?.competencies ?? {}).filter((x): x is 1 | 2 | 3 | 4 => x !== null);
      const maxLevel = Math.max(0, ...levels);
      const cap = r.adversarial?.cap ?? 4;
      if (maxLevel > cap) {
        ok = false;
        overCap.push({ itemId: r.itemId, kind: r.adversarial?.kind ?? "", cap, maxLevel, repeat: r.repeat });
      }
    }
    if (ok) passed++;
  }
  const judged = byItem.size - ungraded;
  return { n: byItem.size, ungraded, passed, passRate: judged === 0 ? null : passed / judged, overCap };
}

function keyPointMetrics(labelled: readonly RubricItemResult[], opts: BootstrapSettings): RubricMetrics["keyPoints"] {
  const kpUnits = labelled.map(keyPointPairsOf).filter((u) => u.length > 0);
  if (kpUnits.length === 0) return null;
  const kpStat = (pairs: [RubricKpStatus, RubricKpStatus][]) =>
    keyPointPrecisionRecall(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
  // Per item [true positives, false positives, false negatives]; resamples add them up.
  const kpTallies = kpUnits.map((u) => {
    const r = kpStat(u);
    return [r.truePositives, r.falsePositives, r.falseNegatives] as const;
  });
  const [f1, recall] = bootstrapIntervals(
    kpUnits.length,
    (idx) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const i of idx) {
        const t = kpTallies[i] as readonly [number, number, number];
        tp += t[0];
        fp += t[1];
        fn += t[2];
      }
      const r = precisionRecallFromTallies(tp, fp, fn);
      return [r.f1, r.recall];
    },
    2,
    { seed: opts.seed, resamples: opts.resamples },
  );
  return { ...kpStat(flat(kpUnits)), ci: { f1: f1 ?? null, recall: recall ?? null } };
}

/**
 * Rubric metrics against gold over the given results (every repeat): level metrics use the first
 * repeat of labelled items, adversarial caps every repeat.
 */
export function rubricMetrics(rubricAll: readonly RubricItemResult[], opts: BootstrapSettings = {}): RubricMetrics {
  const rubric = rubricAll.filter((r) => r.repeat === 0);
  const labelled = rubric.filter((r) => r.predicted && r.gold);
  const units = labelled.map((r) => pairsOf(r)).filter((u) => u.length > 0);

  const competencyIds = [...new Set(labelled.flatMap((r) => Object.keys(r.gold?.competencies ?? {})))].sort();
  const byCompetency: Record<string, LevelStats> = {};
  for (const cid of competencyIds) {
    byCompetency[cid] = levelStats(
      labelled.map((r) => pairsOf(r, cid)).filter((u) => u.length > 0),
      opts,
    );
  }
  const grouped = (key: (r: RubricItemResult) => string | null): Record<string, GroupStats> =>
    Object.fromEntries(
      [...groupBy(rubric, key)].map(([k, rs]) => [
        k,
        {
          ...levelStats(
            rs.map((r) => pairsOf(r)).filter((u) => u.length > 0),
            opts,
          ),
          itemLevel: itemLevelStats(rs),
        },
      ]),
    );

  let goldNullPredictedLevel = 0;
  let predictedNullGoldLevel = 0;
  for (const r of labelled) {
    for (const [cid, g] of Object.entries(r.gold?.competencies ?? {})) {
      const p = r.predicted?.competencies[cid] ?? null;
      if (g === null && p !== null) goldNullPredictedLevel++;
      if (g !== null && p === null) predictedNullGoldLevel++;
    }
  }

  const scored = labelled.filter((r) => r.score !== null && r.goldScore !== null);
  const sp = scored.map((r) => r.score as number);
  const sg = scored.map((r) => r.goldScore as number);
  const allPairs = flat(units);
  return {
    items: rubric.length,
    questions: new Set(rubric.map((r) => r.questionId)).size,
    overall:
      units.length === 0
        ? null
        : {
            ...levelStats(units, opts),
            confusion: confusionMatrix(col(allPairs, 0), col(allPairs, 1), [1, 2, 3, 4]),
          },
    itemScore:
      scored.length === 0
        ? null
        : {
            n: scored.length,
            pearson: pearson(sp, sg),
            spearman: spearman(sp, sg),
            mae: mae(sp, sg),
            rmse: rmse(sp, sg),
            bias: meanSignedBias(sp, sg),
          },
    byCompetency,
    byRound: grouped((r) => r.round),
    byQuality: grouped((r) => r.quality),
    byCategory: grouped((r) => r.category ?? null),
    notObserved: { goldNullPredictedLevel, predictedNullGoldLevel },
    keyPoints: keyPointMetrics(labelled, opts),
    adversarial: adversarialMetrics(rubricAll),
  };
}
