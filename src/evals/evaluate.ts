import { crossValidated, isotonicFit, linearFit } from "./calibration.ts";
import type { BootstrapSettings, LevelStats } from "./level-stats.ts";
import { mae, meanSignedBias, pearson, type RepeatConsistency, repeatConsistency, rmse, spearman } from "./metrics.ts";
import type { GenericItemResult, ItemResult, RubricItemResult } from "./results.ts";
import { groupBy, type RubricMetrics, rubricMetrics } from "./rubric-metrics.ts";
import { bootstrapIntervals, type Interval, pick } from "./sampling.ts";
import type { Split } from "./split.ts";

/** Agreement of predicted scores with people's on a generic dataset's own scale. */
export interface ScoreAgreement {
  n: number;
  pearson: number | null;
  spearman: number | null;
  rmse: number | null;
  mae: number | null;
  bias: number | null;
  meanPredicted: number | null;
}

/** Scores after the isotonic map, each from a map fitted without it (anchors or other folds). */
export interface CalibratedStats extends ScoreAgreement {
  method: "anchors" | "cross-validation";
  folds: number | null;
  /** Items the map was fitted on: the anchors, or all items (each fold's map on the rest). */
  fittedOn: number;
}

export interface GenericStats extends ScoreAgreement {
  /** n counts scored items; anchors (known scores used to fit the calibration) are left out. */
  anchors: number;
  scale: { min: number; max: number };
  meanGold: number | null;
  /** Share of answers given the bottom of the scale. */
  shareAtMin: number | null;
  /** RMSE of predicting the mean human score for every item: the bar a useful grader must beat. */
  baselineRmse: number | null;
  ci: { pearson: Interval | null; rmse: Interval | null };
  /** Through an isotonic map. */
  calibrated: CalibratedStats | null;
  /** The same, through a monotone line (slope >= 0): fewer parameters for a few dozen items. */
  calibratedLinear: CalibratedStats | null;
}

/**
 * A run's metrics. The top-level rubric blocks pool every item (the form thresholds used before the
 * held-out split); `dev` and `test` hold the same blocks for each split, and the CI gate reads test.
 */
export type RunMetrics = RubricMetrics & {
  counts: {
    results: number;
    rubricItems: number;
    genericItems: number;
    errors: number;
    errorRate: number | null;
    cached: number;
    unlabelled: number;
  };
  dev: RubricMetrics;
  test: RubricMetrics;
  consistency: { levels: RepeatConsistency | null; generic: RepeatConsistency | null } | null;
  generic: Record<string, GenericStats>;
};

export type { GroupStats, ItemLevelStats, OverCap, RubricMetrics } from "./rubric-metrics.ts";
export type { LevelStats };
export type EvaluateOptions = BootstrapSettings & {
  /** K for cross-validated isotonic calibration of generic datasets without anchors. */
  calibrateFolds?: number | null;
};

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

const avg = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

function agreement(pred: readonly number[], gold: readonly number[]): ScoreAgreement {
  return {
    n: pred.length,
    pearson: pearson(pred, gold),
    spearman: spearman(pred, gold),
    rmse: rmse(pred, gold),
    mae: mae(pred, gold),
    bias: meanSignedBias(pred, gold),
    meanPredicted: avg(pred),
  };
}

function calibrate(
  graded: readonly GenericItemResult[],
  anchors: readonly GenericItemResult[],
  opts: EvaluateOptions,
  fitMap: typeof isotonicFit,
): CalibratedStats | null {
  const pred = graded.map((r) => r.score as number);
  const gold = graded.map((r) => r.goldScore as number);
  if (anchors.length > 0) {
    const map = fitMap(
      anchors.map((r) => r.score as number),
      anchors.map((r) => r.goldScore as number),
    );
    return { method: "anchors", folds: null, fittedOn: anchors.length, ...agreement(pred.map(map), gold) };
  }
  const k = opts.calibrateFolds;
  if (!k || graded.length < k) return null;
  const mapped = crossValidated(pred, gold, k, opts.seed ?? 1, fitMap);
  return { method: "cross-validation", folds: k, fittedOn: graded.length, ...agreement(mapped, gold) };
}

function genericMetrics(results: readonly GenericItemResult[], opts: EvaluateOptions): Record<string, GenericStats> {
  const out: Record<string, GenericStats> = {};
  for (const [dataset, rs] of groupBy(results, (r) => r.dataset)) {
    const usable = rs.filter((r) => r.score !== null && r.goldScore !== null);
    const anchors = usable.filter((r) => r.anchor);
    const graded = usable.filter((r) => !r.anchor);
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
    const scale = { min: Math.min(...rs.map((r) => r.scale.min)), max: Math.max(...rs.map((r) => r.scale.max)) };
    const meanGold = avg(gold);
    out[dataset] = {
      ...agreement(pred, gold),
      anchors: anchors.length,
      scale,
      meanGold,
      shareAtMin: graded.length === 0 ? null : graded.filter((r) => r.score === r.scale.min).length / graded.length,
      baselineRmse:
        meanGold === null
          ? null
          : rmse(
              gold.map(() => meanGold),
              gold,
            ),
      ci: { pearson: pearsonCi ?? null, rmse: rmseCi ?? null },
      calibrated: calibrate(graded, anchors, opts, isotonicFit),
      calibratedLinear: calibrate(graded, anchors, opts, linearFit),
    };
  }
  return out;
}

/** Every metric of a run against gold; level metrics use the first repeat, consistency uses all. */
export function evaluate(results: readonly ItemResult[], opts: EvaluateOptions = {}): RunMetrics {
  const rubricAll = results.filter((r): r is RubricItemResult => r.kind === "rubric");
  const rubric = rubricAll.filter((r) => r.repeat === 0);
  const errors = results.filter((r) => r.error).length;
  const inSplit = (s: Split) => rubricAll.filter((r) => (r.split ?? "dev") === s);
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
    ...rubricMetrics(rubricAll, opts),
    dev: rubricMetrics(inSplit("dev"), opts),
    test: rubricMetrics(inSplit("test"), opts),
    consistency: consistencyMetrics(results),
    generic: genericMetrics(
      results.filter((r): r is GenericItemResult => r.kind === "generic" && r.repeat === 0),
      opts,
    ),
  };
}
