import { describe, expect, it } from "vitest";
import {
  applyIsotonic,
  applyLinear,
  crossValidated,
  crossValidatedIsotonic,
  fitIsotonic,
  fitLinear,
  foldsOf,
  linearFit,
} from "../../src/evals/calibration.ts";
import { evaluate } from "../../src/evals/evaluate.ts";
import { genericResult } from "../support/eval-results.ts";

describe("isotonic calibration", () => {
  it("pools adjacent violators into a non-decreasing least-squares fit", () => {
    // y dips at x=2 and x=3: those pool with x=1 into the mean of 3, 1 and 2.
    const map = fitIsotonic([1, 2, 3, 4], [3, 1, 2, 5]);
    expect(map.y).toEqual([2, 5]);
    expect(map.lo).toEqual([1, 4]);
    expect(map.hi).toEqual([3, 4]);
    for (let i = 1; i < map.y.length; i++) expect(map.y[i]).toBeGreaterThanOrEqual(map.y[i - 1] as number);
  });

  it("gives tied raw scores one value and interpolates between blocks", () => {
    const map = fitIsotonic([0, 0, 2, 4], [1, 3, 3, 4]);
    expect(map.y).toEqual([2, 3, 4]);
    expect(applyIsotonic(map, 0)).toBe(2);
    expect(applyIsotonic(map, 1)).toBe(2.5);
    expect(applyIsotonic(map, 3)).toBe(3.5);
    expect(applyIsotonic(map, -5)).toBe(2);
    expect(applyIsotonic(map, 9)).toBe(4);
  });

  it("deals folds of near-equal size, the same for the same seed", () => {
    const f = foldsOf(11, 3, 7);
    expect(f).toEqual(foldsOf(11, 3, 7));
    const sizes = [0, 1, 2].map((k) => f.filter((x) => x === k).length).sort();
    expect(sizes).toEqual([3, 4, 4]);
  });

  it("never scores an item with a map fitted on itself", () => {
    // Each point is an outlier no other point supports; in-sample isotonic would reproduce it exactly.
    const raw = [1, 2, 3, 4, 5, 6];
    const gold = [0, 5, 0, 5, 0, 5];
    const cv = crossValidatedIsotonic(raw, gold, 3, 1);
    expect(cv.some((v, i) => v !== gold[i])).toBe(true);
    const inSample = fitIsotonic(raw, gold);
    expect(raw.map((x) => applyIsotonic(inSample, x))).not.toEqual(cv);
  });
});

describe("linear calibration", () => {
  it("fits the least-squares line and keeps to the range of people's scores it saw", () => {
    const map = fitLinear([0, 1, 2, 3], [1, 2, 3, 4]);
    expect(map.a).toBeCloseTo(1, 10);
    expect(map.b).toBeCloseTo(1, 10);
    expect(applyLinear(map, 1.5)).toBeCloseTo(2.5, 10);
    expect(applyLinear(map, 10)).toBe(4);
    expect(applyLinear(map, -10)).toBe(1);
  });

  it("never decreases: a falling trend gives a flat map at the mean", () => {
    const map = fitLinear([0, 1, 2, 3], [4, 3, 2, 1]);
    expect(map.b).toBe(0);
    expect(applyLinear(map, 0)).toBe(2.5);
    expect(applyLinear(map, 3)).toBe(2.5);
  });

  it("scores each fold with a line fitted on the other folds only", () => {
    const raw = [1, 2, 3, 4, 5, 6];
    const gold = [0, 5, 0, 5, 0, 5];
    const cv = crossValidated(raw, gold, 3, 1, linearFit);
    const fold = foldsOf(6, 3, 1);
    for (let f = 0; f < 3; f++) {
      const train = raw.flatMap((_, i) => (fold[i] === f ? [] : [i]));
      const map = fitLinear(
        train.map((i) => raw[i] as number),
        train.map((i) => gold[i] as number),
      );
      raw.forEach((x, i) => {
        if (fold[i] === f) expect(cv[i]).toBeCloseTo(applyLinear(map, x), 10);
      });
    }
    const inSample = fitLinear(raw, gold);
    expect(raw.map((x) => applyLinear(inSample, x))).not.toEqual(cv);
  });
});

const generic = genericResult;

describe("calibrated generic metrics", () => {
  // The grader is monotone but compressed low: raw 0-2.5 for people's 1-5.
  const items = Array.from({ length: 20 }, (_, i) => generic(`i${i}`, (i % 5) * 0.6, 1 + (i % 5)));

  it("reports raw and K-fold cross-validated calibrated scores side by side", () => {
    const m = evaluate(items, { resamples: 50, calibrateFolds: 4 }).generic.g;
    expect(m?.bias).toBeLessThan(-1);
    expect(m?.calibrated).toMatchObject({ method: "cross-validation", folds: 4, fittedOn: 20, n: 20 });
    expect(m?.calibrated?.rmse).toBeLessThan(m?.rmse as number);
    expect(Math.abs(m?.calibrated?.bias as number)).toBeLessThan(0.3);
    expect(m?.calibratedLinear).toMatchObject({ method: "cross-validation", folds: 4, fittedOn: 20, n: 20 });
    expect(Math.abs(m?.calibratedLinear?.bias as number)).toBeLessThan(0.3);
    expect(m?.calibratedLinear?.rmse).toBeLessThan(m?.rmse as number);
    expect(evaluate(items, { resamples: 50 }).generic.g?.calibrated).toBeNull();
    expect(evaluate(items, { resamples: 50 }).generic.g?.calibratedLinear).toBeNull();
  });

  it("fits on anchors and scores only the other items", () => {
    const anchored = [...items, generic("a1", 0, 1, true), generic("a2", 2.4, 5, true)];
    const m = evaluate(anchored, { resamples: 50 }).generic.g;
    expect(m?.n).toBe(20);
    expect(m?.anchors).toBe(2);
    expect(m?.calibrated).toMatchObject({ method: "anchors", fittedOn: 2, n: 20 });
    // Linear between the two anchors: raw 1.2 maps to 1 + 4 * (1.2 / 2.4) = 3, exactly people's score.
    expect(m?.calibrated?.rmse).toBeCloseTo(0, 10);
    // The line through the two anchors is the same map here.
    expect(m?.calibratedLinear).toMatchObject({ method: "anchors", fittedOn: 2, n: 20 });
    expect(m?.calibratedLinear?.rmse).toBeCloseTo(0, 10);
    expect(m?.shareAtMin).toBeCloseTo(4 / 20, 10);
    expect(m?.baselineRmse).toBeCloseTo(Math.SQRT2, 10);
  });
});
