import { describe, expect, it } from "vitest";
import type { Question } from "../../src/content/schema.ts";
import { mistakeClaims, statesMistake } from "../../src/grading/offline/mistakes.ts";
import { bankQuestions, improvementsFor, keyPointStatus, matchesFor } from "../support/key-point-status.ts";

const status = keyPointStatus;

describe("the question's listed mistakes, as claims", () => {
  it("splits alternatives, drops the bank's reason and leaves out omissions", () => {
    const q = {
      commonMistakes: [
        "Claiming Adam always beats SGD, or that Adam needs no tuning.",
        "Joining current feature values onto historical labels, which leaks future information into training.",
        "Checking only the schema.",
      ],
    } as unknown as Question;
    expect(mistakeClaims(q).map((c) => c.claim)).toEqual([
      "Claiming Adam always beats SGD",
      "Joining current feature values onto historical labels",
    ]);
  });

  it("a warning, a negation or code is not stating the mistake", () => {
    expect(statesMistake("I join the current feature values onto historical labels.")).toBe(true);
    expect(statesMistake("Joining current values onto historical labels leaks the future.")).toBe(false);
    expect(statesMistake("Never join current values onto historical labels.")).toBe(false);
    expect(statesMistake("```python\nx = np.log(softmax(z))\n```")).toBe(false);
    expect(statesMistake("The loss is -log softmax(z)_y = logsumexp(z) - z_y.")).toBe(false);
  });

  it("a sameness mistake needs a sentence that says the two are the same", () => {
    const claim = "Treating L2 regularisation in Adam as identical to decoupled weight decay";
    expect(statesMistake("AdamW: weight decay decoupled from Adam's update.", claim)).toBe(false);
    expect(statesMistake("L2 in Adam and decoupled weight decay are the same thing.", claim)).toBe(true);
  });

  it("no claim drawn from the bank is a single word", () => {
    for (const q of bankQuestions())
      for (const { claim } of mistakeClaims(q)) expect(claim.split(/\s+/).length).toBeGreaterThan(1);
  });
});

describe("a sentence that makes a listed mistake does not count for a point", () => {
  it("joining current feature values onto historical labels is not the point-in-time point", () => {
    const mistake = "I join the current feature values onto historical labels; that keeps training simple.";
    expect(status("training-serving-skew", mistake, "point-in-time")).toBe("missed");
  });

  it("reporting the best tuned score as production performance is not the nested point; warning against it is", () => {
    const said =
      "I tune with grid search over five folds and report the best CV score as the expected production performance.";
    const warned =
      "I tune with grid search over five folds; reporting the best CV score as the expected production performance would be optimistic, so an outer loop scores the tuning.";
    expect(status("cross-validation", said, "nested")).toBe("missed");
    expect(status("cross-validation", warned, "nested")).not.toBe("missed");
  });
});

describe("a mistake counts only against the point it is about", () => {
  it("saying isotonic calibration can overfit on little data refutes no calibration point", () => {
    // Shares "isotonic" and "overfit" with the listed mistake (isotonic on a tiny set), but warns of it.
    const answer =
      "Isotonic regression fits a non-parametric monotonic mapping that handles any shape but needs more data and can overfit.";
    const refuted = matchesFor("model-calibration", answer).filter((m) => m.refuted?.why === "mistake");
    expect(refuted.map((m) => m.keyPoint.id)).toEqual([]);
  });

  it("the bank's own model answers make almost none of their own listed mistakes", () => {
    let refuted = 0;
    for (const q of bankQuestions())
      for (const m of matchesFor(q.id, q.modelAnswer)) if (m.refuted?.why === "mistake") refuted++;
    // Measured 3 of 270 key points (22 before a mistake had to be about the point and closer than it).
    expect(refuted).toBeLessThanOrEqual(5);
  });
});

describe("a sentence that gives the bank's reason a mistake is wrong explains it", () => {
  it("saying why the lowest inertia is no way to choose k covers the point", () => {
    const why =
      "To choose k, inertia always falls as k grows, so picking the k with the lowest inertia just picks the largest k; I look for an elbow or use the silhouette score.";
    expect(status("kmeans-from-scratch", why, "choose-k-and-assumptions")).toBe("covered");
  });
});

describe("feedback says which sentence contradicted a point, and how", () => {
  it("quotes the sentence once, for the point it came closest to, before the points that were missed", () => {
    const shuffle = "For time series data, always shuffle the rows before making the folds.";
    const best =
      "I tune with grid search over five folds and report the best CV score as the expected production performance.";
    const lines = improvementsFor("cross-validation", `${shuffle} ${best}`);
    expect(lines[0]).toBe(
      `Check time series: you said “${shuffle}”, which says the opposite of the point. The point: ${
        bankQuestions()
          .find((q) => q.id === "cross-validation")!
          .keyPoints.find((k) => k.id === "time-series")!.text
      }`,
    );
    expect(lines[1]).toMatch(
      /^Check nested: you said “I tune with grid search.*”, which reads as a common mistake \(Reporting the best grid-search CV score.*if you meant it as the thing to avoid, say why it is wrong/,
    );
    expect(lines.filter((l) => l.includes(shuffle))).toHaveLength(1);
  });

  it("an answer that contradicts nothing gets no such line", () => {
    const lines = improvementsFor(
      "cross-validation",
      "For time series data, never shuffle the rows: each validation window comes after its training window.",
    );
    expect(lines.some((l) => l.startsWith("Check "))).toBe(false);
  });
});
