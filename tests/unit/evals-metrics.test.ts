import { describe, expect, it } from "vitest";
import {
  confusionMatrix,
  exactAgreement,
  keyPointPrecisionRecall,
  levelCounts,
  mae,
  meanSignedBias,
  pearson,
  quadraticWeightedKappa,
  ranks,
  repeatConsistency,
  rmse,
  spearman,
  statsFromCounts,
  withinOneAgreement,
} from "../../src/evals/metrics.ts";
import { bootstrapInterval, bootstrapIntervals, quantile, seededRandom } from "../../src/evals/sampling.ts";

// Expected values below were worked out by hand (see the comments) rather than taken from the code.
describe("quadratic weighted kappa", () => {
  it("matches a hand computation", () => {
    // num = w(4,3) = 1/9; den = (14/9 + 6/9 + 2·14/9) / 4 = 4/3; kappa = 1 − (1/9)/(4/3) = 11/12
    expect(quadraticWeightedKappa([1, 2, 3, 4], [1, 2, 4, 4])).toBeCloseTo(11 / 12, 10);
    // num = 1/9; den = (5/9 + 2/9 + 14/9) / 3 = 7/9; kappa = 6/7
    expect(quadraticWeightedKappa([1, 2, 3], [1, 2, 4])).toBeCloseTo(6 / 7, 10);
  });

  it("is 1 for perfect agreement, negative for reversed ratings, null without variance", () => {
    expect(quadraticWeightedKappa([1, 2, 3, 4], [1, 2, 3, 4])).toBeCloseTo(1, 10);
    // Reversed: num = (9+1+1+9)/9 = 20/9; den = 4·... every row sums 14/9 or 6/9 → (14+6+6+14)/36 = 40/36
    expect(quadraticWeightedKappa([4, 3, 2, 1], [1, 2, 3, 4])).toBeCloseTo(1 - 20 / 9 / (40 / 36), 10);
    expect(quadraticWeightedKappa([2, 2, 2], [2, 2, 2])).toBeNull();
    expect(quadraticWeightedKappa([], [])).toBeNull();
  });

  it("rejects values off the scale and unpaired arrays", () => {
    expect(() => quadraticWeightedKappa([5], [1])).toThrow(/outside/);
    expect(() => quadraticWeightedKappa([1, 2], [1])).toThrow(/length/);
  });
});

describe("correlations", () => {
  it("computes Pearson by hand", () => {
    // sxy = 11, sxx = 5, syy = 26
    expect(pearson([1, 2, 3, 4], [2, 4, 5, 9])).toBeCloseTo(11 / Math.sqrt(130), 10);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
  });

  it("ranks ties by their average and computes Spearman on ranks", () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    // ranks x = [1, 2.5, 2.5, 4], y = [1, 2, 3, 4]: sxy = 4.5, sxx = 4.5, syy = 5
    expect(spearman([1, 2, 2, 3], [10, 20, 30, 40])).toBeCloseTo(4.5 / Math.sqrt(22.5), 10);
    expect(spearman([1, 2, 3], [1, 8, 27])).toBeCloseTo(1, 10);
  });
});

describe("errors and agreement", () => {
  const pred = [1, 2, 4];
  const gold = [2, 2, 1];
  it("computes MAE, RMSE, bias, exact and within-one", () => {
    expect(mae(pred, gold)).toBeCloseTo(4 / 3, 10);
    expect(rmse(pred, gold)).toBeCloseTo(Math.sqrt(10 / 3), 10);
    expect(meanSignedBias(pred, gold)).toBeCloseTo(2 / 3, 10);
    expect(exactAgreement(pred, gold)).toBeCloseTo(1 / 3, 10);
    expect(withinOneAgreement(pred, gold)).toBeCloseTo(2 / 3, 10);
  });
  it("is null on no data", () => {
    expect(mae([], [])).toBeNull();
    expect(rmse([], [])).toBeNull();
    expect(exactAgreement([], [])).toBeNull();
  });
});

describe("confusion matrix", () => {
  it("counts gold rows against predicted columns", () => {
    expect(confusionMatrix([1, 2, 2, 4], [1, 1, 2, 4], [1, 2, 3, 4])).toEqual([
      [1, 1, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
  });
});

describe("key-point precision and recall", () => {
  it("treats covered and partial as found", () => {
    const r = keyPointPrecisionRecall(
      ["covered", "partial", "missed", "covered", "missed"],
      ["covered", "missed", "partial", "partial", "missed"],
    );
    expect(r).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1, n: 5 });
    expect(r.precision).toBeCloseTo(2 / 3, 10);
    expect(r.recall).toBeCloseTo(2 / 3, 10);
    expect(r.f1).toBeCloseTo(2 / 3, 10);
    expect(r.exact).toBeCloseTo(2 / 5, 10);
  });
  it("leaves precision undefined when nothing was predicted found", () => {
    const r = keyPointPrecisionRecall(["missed", "missed"], ["covered", "missed"]);
    expect(r.precision).toBeNull();
    expect(r.recall).toBe(0);
  });
});

describe("bootstrap", () => {
  const data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const meanOf = (idx: readonly number[]) => idx.reduce((s, i) => s + (data[i] as number), 0) / idx.length;

  it("is reproducible with a seed and brackets the estimate", () => {
    const a = bootstrapInterval(data.length, meanOf, { seed: 42 });
    const b = bootstrapInterval(data.length, meanOf, { seed: 42 });
    const c = bootstrapInterval(data.length, meanOf, { seed: 43 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a?.low).toBeLessThan(5.5);
    expect(a?.high).toBeGreaterThan(5.5);
    expect(a?.low).toBeGreaterThan(1);
    expect(a?.high).toBeLessThan(10);
  });

  it("gives a zero-width interval for constant data and null for no data", () => {
    expect(bootstrapInterval(5, () => 3)).toEqual({ low: 3, high: 3 });
    expect(bootstrapInterval(0, () => 1)).toBeNull();
    expect(bootstrapInterval(5, () => null)).toBeNull();
  });

  it("uses a seeded generator in [0, 1) and linear quantiles", () => {
    const r = seededRandom(1);
    const xs = Array.from({ length: 1000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 10);
  });
});

describe("repeat-run consistency", () => {
  it("reports identical share, mean absolute deviation and kappa between repeats", () => {
    // unit 3 scores 3 then 4: deviation 0.5 from its mean, others 0 → 0.5 / 3
    const c = repeatConsistency([
      [1, 2, 3],
      [1, 2, 4],
    ]);
    expect(c.identical).toBeCloseTo(2 / 3, 10);
    expect(c.meanAbsoluteDeviation).toBeCloseTo(0.5 / 3, 10);
    expect(c.pairwiseKappa).toBeCloseTo(6 / 7, 10);
    expect(c.repeats).toBe(2);
  });
  it("is undefined with a single repeat", () => {
    expect(repeatConsistency([[1, 2]]).identical).toBeNull();
  });
});

describe("statistics from count tables", () => {
  it("equal the pairwise functions on the same pairs", () => {
    const rand = seededRandom(9);
    const pairs = Array.from(
      { length: 200 },
      () => [1 + Math.floor(rand() * 4), 1 + Math.floor(rand() * 4)] as [number, number],
    );
    const pred = pairs.map((p) => p[0]);
    const gold = pairs.map((p) => p[1]);
    const s = statsFromCounts(levelCounts(pairs));
    expect(s.qwk).toBeCloseTo(quadraticWeightedKappa(pred, gold) as number, 12);
    expect(s.mae).toBeCloseTo(mae(pred, gold) as number, 12);
    expect(s.exact).toBeCloseTo(exactAgreement(pred, gold) as number, 12);
    expect(s.withinOne).toBeCloseTo(withinOneAgreement(pred, gold) as number, 12);
    expect(statsFromCounts(levelCounts([]))).toEqual({ qwk: null, mae: null, exact: null, withinOne: null });
  });

  it("bootstraps several statistics from the same resamples", () => {
    const data = [1, 2, 3, 4, 5];
    const [lo, hi] = bootstrapIntervals(
      5,
      (idx) => [Math.min(...idx.map((i) => data[i] as number)), Math.max(...idx.map((i) => data[i] as number))],
      2,
      { seed: 3 },
    );
    expect(lo?.low).toBe(1);
    expect(hi?.high).toBe(5);
    expect(bootstrapIntervals(0, () => [1], 1)).toEqual([null]);
  });
});
