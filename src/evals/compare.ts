import { keyPointPairsOf, pairsOf } from "./level-stats.ts";
import {
  keyPointPrecisionRecall,
  levelCounts,
  mae,
  meanSignedBias,
  pearson,
  precisionRecallFromTallies,
  rmse,
  statsFromCounts,
} from "./metrics.ts";
import type { ItemResult } from "./results.ts";
import { bootstrapIntervals, type Interval } from "./sampling.ts";
import { type HeldOutSplit, NO_SPLIT, SPLITS, type Split, splitOf } from "./split.ts";
import type { RunRecord } from "./store.ts";

export interface ComparisonRow {
  metric: string;
  /** Whether a larger value is better, so a reader knows which way a difference points. */
  higherIsBetter: boolean;
  a: number | null;
  b: number | null;
  /** b − a on the items both runs graded. */
  diff: number | null;
  ci: Interval | null;
  n: number;
}

export interface Comparison {
  a: { id: string | null; label: string | null; grader: RunRecord["grader"] };
  b: { id: string | null; label: string | null; grader: RunRecord["grader"] };
  commonItems: number;
  onlyA: number;
  onlyB: number;
  rows: ComparisonRow[];
}

/** What one item contributes to every compared metric, computed once so resamples only add up. */
interface ItemSummary {
  /** The rubric item's split; null for generic items. */
  split: Split | null;
  levels: Float64Array;
  keyPoints: [number, number, number];
  /** 1 or 0 for a graded adversarial item, else null. */
  adversarialPass: number | null;
  score: [number, number] | null;
  generic: { dataset: string; pair: [number, number] } | null;
}

function summarize(r: ItemResult, split: HeldOutSplit): ItemSummary {
  if (r.kind === "generic") {
    const pair: [number, number] | null = r.score === null || r.goldScore === null ? null : [r.score, r.goldScore];
    return {
      split: null,
      levels: new Float64Array(16),
      keyPoints: [0, 0, 0],
      adversarialPass: null,
      score: null,
      generic: pair ? { dataset: r.dataset, pair } : null,
    };
  }
  const kp = keyPointPairsOf(r);
  const tally = keyPointPrecisionRecall(
    kp.map((p) => p[0]),
    kp.map((p) => p[1]),
  );
  let adversarialPass: number | null = null;
  if (r.adversarial && r.predicted) {
    const levels = Object.values(r.predicted.competencies).filter((x): x is 1 | 2 | 3 | 4 => x !== null);
    adversarialPass = Math.max(0, ...levels) <= r.adversarial.cap ? 1 : 0;
  }
  return {
    split: r.split ?? splitOf(split, r.questionId),
    levels: levelCounts(pairsOf(r)),
    keyPoints: [tally.truePositives, tally.falsePositives, tally.falseNegatives],
    adversarialPass,
    score: r.gold && r.predicted && r.score !== null && r.goldScore !== null ? [r.score, r.goldScore] : null,
    generic: null,
  };
}

const SPECS: { metric: string; higherIsBetter: boolean }[] = [
  { metric: "overall.qwk", higherIsBetter: true },
  { metric: "overall.exact", higherIsBetter: true },
  { metric: "overall.withinOne", higherIsBetter: true },
  { metric: "overall.mae", higherIsBetter: false },
  { metric: "itemScore.pearson", higherIsBetter: true },
  { metric: "keyPoints.precision", higherIsBetter: true },
  { metric: "keyPoints.recall", higherIsBetter: true },
  { metric: "keyPoints.f1", higherIsBetter: true },
  { metric: "adversarial.passRate", higherIsBetter: true },
];
const GENERIC_SPECS = [
  { name: "pearson", higherIsBetter: true, stat: pearson },
  { name: "rmse", higherIsBetter: false, stat: rmse },
  { name: "mae", higherIsBetter: false, stat: mae },
  // A bias is better the nearer it is to 0, whichever side it sits on.
  {
    name: "absBias",
    higherIsBetter: false,
    stat: (p: readonly number[], g: readonly number[]) => {
      const b = meanSignedBias(p, g);
      return b === null ? null : Math.abs(b);
    },
  },
] as const;

/** The rubric metrics of SPECS over the items at the given positions, in spec order. */
function rubricMetricsOf(items: readonly ItemSummary[], idx: readonly number[]): (number | null)[] {
  const table = new Float64Array(16);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let advN = 0;
  let advPass = 0;
  const sp: number[] = [];
  const sg: number[] = [];
  for (const i of idx) {
    const s = items[i] as ItemSummary;
    for (let j = 0; j < 16; j++) table[j] = (table[j] as number) + (s.levels[j] as number);
    tp += s.keyPoints[0];
    fp += s.keyPoints[1];
    fn += s.keyPoints[2];
    if (s.adversarialPass !== null) {
      advN++;
      advPass += s.adversarialPass;
    }
    if (s.score) {
      sp.push(s.score[0]);
      sg.push(s.score[1]);
    }
  }
  const lv = statsFromCounts(table);
  const { precision, recall, f1 } = precisionRecallFromTallies(tp, fp, fn);
  return [
    lv.qwk,
    lv.exact,
    lv.withinOne,
    lv.mae,
    pearson(sp, sg),
    precision,
    recall,
    f1,
    advN === 0 ? null : advPass / advN,
  ];
}

/** Every compared metric: SPECS for test, then for dev, then each generic dataset's. */
function metricsOf(
  items: readonly ItemSummary[],
  idx: readonly number[],
  datasets: readonly string[],
): (number | null)[] {
  const out = SPLITS.flatMap((split) =>
    rubricMetricsOf(
      items,
      idx.filter((i) => items[i]?.split === split),
    ),
  );
  const gp = new Map<string, [number[], number[]]>(datasets.map((d) => [d, [[], []]]));
  for (const i of idx) {
    const g = items[i]?.generic;
    if (!g) continue;
    gp.get(g.dataset)?.[0].push(g.pair[0]);
    gp.get(g.dataset)?.[1].push(g.pair[1]);
  }
  for (const d of datasets) {
    const [p, g] = gp.get(d) ?? [[], []];
    for (const spec of GENERIC_SPECS) out.push(spec.stat(p, g));
  }
  return out;
}

/**
 * Compares two runs item by item (first repeat): each metric on the items both graded, the
 * difference b − a, and a paired bootstrap interval for it (items resampled together).
 */
export function compareRuns(
  a: RunRecord,
  b: RunRecord,
  opts: { seed?: number; resamples?: number; split?: HeldOutSplit } = {},
): Comparison {
  const split = opts.split ?? NO_SPLIT;
  const keyOf = (r: ItemResult) => `${r.dataset}\u0000${r.itemId}`;
  const mapA = new Map(a.items.filter((r) => r.repeat === 0).map((r) => [keyOf(r), r]));
  const mapB = new Map(b.items.filter((r) => r.repeat === 0).map((r) => [keyOf(r), r]));
  const common = [...mapA.keys()].filter((k) => mapB.has(k)).sort();
  // Agreement is compared only on items both runs had gold for (gold can grow between runs).
  const labelledInBoth = (k: string) =>
    [mapA.get(k), mapB.get(k)].every((r) => r?.kind !== "rubric" || r.gold !== null);
  const summarizeIn = (r: ItemResult, k: string) =>
    summarize(r.kind === "rubric" && !labelledInBoth(k) ? { ...r, gold: null } : r, split);
  const alignedA = common.map((k) => summarizeIn(mapA.get(k) as ItemResult, k));
  const alignedB = common.map((k) => summarizeIn(mapB.get(k) as ItemResult, k));
  const datasets = [
    ...new Set(
      common
        .map((k) => mapA.get(k) as ItemResult)
        .filter((r) => r.kind === "generic")
        .map((r) => r.dataset),
    ),
  ].sort();
  const specs = [
    ...SPLITS.flatMap((s) => SPECS.map((spec) => ({ ...spec, metric: `${s}.${spec.metric}` }))),
    ...datasets.flatMap((d) =>
      GENERIC_SPECS.map((g) => ({ metric: `generic.${d}.${g.name}`, higherIsBetter: g.higherIsBetter })),
    ),
  ];
  const all = common.map((_, i) => i);
  const va = metricsOf(alignedA, all, datasets);
  const vb = metricsOf(alignedB, all, datasets);
  // One paired bootstrap for every metric: the same items resampled for both runs.
  const cis = bootstrapIntervals(
    common.length,
    (idx) => {
      const x = metricsOf(alignedA, idx, datasets);
      const y = metricsOf(alignedB, idx, datasets);
      return x.map((v, j) => {
        const w = y[j];
        return v === null || w === null || w === undefined ? null : w - v;
      });
    },
    specs.length,
    opts,
  );
  const rows: ComparisonRow[] = specs.flatMap((spec, j) => {
    const x = va[j] ?? null;
    const y = vb[j] ?? null;
    if (x === null && y === null) return [];
    const diff = x === null || y === null ? null : y - x;
    return [{ ...spec, a: x, b: y, diff, ci: diff === null ? null : (cis[j] ?? null), n: common.length }];
  });
  const who = (r: RunRecord) => ({ id: r.id, label: r.label, grader: r.grader });
  return {
    a: who(a),
    b: who(b),
    commonItems: common.length,
    onlyA: mapA.size - common.length,
    onlyB: mapB.size - common.length,
    rows,
  };
}
