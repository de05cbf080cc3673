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
  type RepeatConsistency,
  repeatConsistency,
  rmse,
  spearman,
} from "./metrics.ts";
import type { GenericItemResult, ItemResult, RubricItemResult } from "./results.ts";
import { bootstrapIntervals, type Interval, pick } from "./sampling.ts";

export interface GenericStats {
  n: number;
  scale: { min: number; max: number };
  pearson: number | null;
  spearman: number | null;
  rmse: number | null;
  mae: number | null;
  bias: number | null;
  ci: { pearson: Interval | null; rmse: Interval | null };
}

export interface OverCap {
  itemId: string;
  kind: string;
  cap: number;
  maxLevel: number;
  repeat: number;
}

export interface RunMetrics {
  counts: {
    results: number;
    rubricItems: number;
    genericItems: number;
    errors: number;
    errorRate: number | null;
    cached: number;
    unlabelled: number;
  };
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
  byRound: Record<string, LevelStats>;
  byQuality: Record<string, LevelStats>;
  notObserved: { goldNullPredictedLevel: number; predictedNullGoldLevel: number };
  keyPoints: (PrecisionRecall & { ci: { f1: Interval | null; recall: Interval | null } }) | null;
  adversarial: { n: number; ungraded: number; passed: number; passRate: number | null; overCap: OverCap[] } | null;
  consistency: { levels: RepeatConsistency | null; generic: RepeatConsistency | null } | null;
  generic: Record<string, GenericStats>;
}

export type { LevelStats };
export type EvaluateOptions = BootstrapSettings;

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    out.set(k, [...(out.get(k) ?? []), x]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function adversarialMetrics(rubric: readonly RubricItemResult[]): RunMetrics["adversarial"] {
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

function consistencyMetrics(results: readonly ItemResult[]): RunMetrics["consistency"] {
  const repeats = Math.max(0, ...results.map((r) => r.repeat)) + 1;
  if (repeats < 2) return null;
  const levelUnits = new Map<string, (number | null)[]>();
  const genericUnits = new Map<string, (number | null)[]>();
  for (const r of results) {
    if (r.kind === "rubric") {
      for (const [cid, level] of Object.entries(r.predicted?.competencies ?? {})) {
        const k = `${r.itemId} ${cid}`;
        const row = levelUnits.get(k) ?? new Array<number | null>(repeats).fill(null);
        row[r.repeat] = level;
        levelUnits.set(k, row);
      }
    } else {
      const k = `${r.dataset} ${r.itemId}`;
      const row = genericUnits.get(k) ?? new Array<number | null>(repeats).fill(null);
      row[r.repeat] = r.score;
      genericUnits.set(k, row);
    }
  }
  const byRepeat = (units: Map<string, (number | null)[]>, levelScale: boolean) => {
    const complete = [...units.values()].filter((row) => row.every((x) => x !== null)) as number[][];
    if (complete.length === 0) return null;
    return repeatConsistency(
      Array.from({ length: repeats }, (_, r) => complete.map((row) => row[r] as number)),
      levelScale,
    );
  };
  return { levels: byRepeat(levelUnits, true), generic: byRepeat(genericUnits, false) };
}

function genericMetrics(results: readonly GenericItemResult[], opts: EvaluateOptions): Record<string, GenericStats> {
  const out: Record<string, GenericStats> = {};
  for (const [dataset, rs] of groupBy(results, (r) => r.dataset)) {
    const graded = rs.filter((r) => r.score !== null && r.goldScore !== null);
    const pred = graded.map((r) => r.score as number);
    const gold = graded.map((r) => r.goldScore as number);
    const [pearsonCi, rmseCi] = bootstrapIntervals(
      graded.length,
      (idx) => {
        const p = pick(pred, idx);
        const g = pick(gold, idx);
        return [pearson(p, g), rmse(p, g)];
      },
      2,
      { seed: opts.seed, resamples: opts.resamples },
    );
    out[dataset] = {
      n: graded.length,
      scale: { min: Math.min(...rs.map((r) => r.scale.min)), max: Math.max(...rs.map((r) => r.scale.max)) },
      pearson: pearson(pred, gold),
      spearman: spearman(pred, gold),
      rmse: rmse(pred, gold),
      mae: mae(pred, gold),
      bias: meanSignedBias(pred, gold),
      ci: { pearson: pearsonCi ?? null, rmse: rmseCi ?? null },
    };
  }
  return out;
}

/** Every metric of a run against gold; level metrics use the first repeat, consistency uses all. */
export function evaluate(results: readonly ItemResult[], opts: EvaluateOptions = {}): RunMetrics {
  const rubricAll = results.filter((r): r is RubricItemResult => r.kind === "rubric");
  const rubric = rubricAll.filter((r) => r.repeat === 0);
  const labelled = rubric.filter((r) => r.predicted && r.gold);
  const units = labelled.map((r) => pairsOf(r)).filter((u) => u.length > 0);
  const errors = results.filter((r) => r.error).length;

  const competencyIds = [...new Set(labelled.flatMap((r) => Object.keys(r.gold?.competencies ?? {})))].sort();
  const byCompetency: Record<string, LevelStats> = {};
  for (const cid of competencyIds) {
    byCompetency[cid] = levelStats(
      labelled.map((r) => pairsOf(r, cid)).filter((u) => u.length > 0),
      opts,
    );
  }
  const grouped = (key: (r: RubricItemResult) => string) =>
    Object.fromEntries(
      [...groupBy(labelled, key)].map(([k, rs]) => [
        k,
        levelStats(
          rs.map((r) => pairsOf(r)).filter((u) => u.length > 0),
          opts,
        ),
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

  const kpUnits = labelled.map(keyPointPairsOf).filter((u) => u.length > 0);
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
  const [kpF1Ci, kpRecallCi] = bootstrapIntervals(
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
      const { f1, recall } = precisionRecallFromTallies(tp, fp, fn);
      return [f1, recall];
    },
    2,
    { seed: opts.seed, resamples: opts.resamples },
  );

  const allPairs = flat(units);
  return {
    counts: {
      results: results.length,
      rubricItems: rubric.length,
      genericItems: results.filter((r) => r.kind === "generic" && r.repeat === 0).length,
      errors,
      errorRate: results.length === 0 ? null : errors / results.length,
      cached: results.filter((r) => r.cached).length,
      unlabelled: rubric.filter((r) => !r.gold).length,
    },
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
    notObserved: { goldNullPredictedLevel, predictedNullGoldLevel },
    keyPoints:
      kpUnits.length === 0
        ? null
        : { ...kpStat(flat(kpUnits)), ci: { f1: kpF1Ci ?? null, recall: kpRecallCi ?? null } },
    adversarial: adversarialMetrics(rubricAll),
    consistency: consistencyMetrics(results),
    generic: genericMetrics(
      results.filter((r): r is GenericItemResult => r.kind === "generic" && r.repeat === 0),
      opts,
    ),
  };
}
