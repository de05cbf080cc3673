import { describe, expect, it } from "vitest";
import { dismisses } from "../../src/grading/offline/clauses.ts";
import { combined, opposes, stanceOf } from "../../src/grading/offline/stance.ts";
import { keyPointStatus } from "../support/key-point-status.ts";

const status = keyPointStatus;

describe("what a text says about its terms", () => {
  it("reads denials, rules and directions", () => {
    const never = stanceOf("For time-ordered data, never shuffle the rows.");
    expect([...never.denied]).toEqual(["shuffl"]);
    expect(never.asserted.has("shuffl")).toBe(false);
    expect([...stanceOf("Always shuffle before making folds.").urged]).toEqual(["shuffl"]);
    expect([...stanceOf("Dropout is switched off at inference.").down]).toEqual(["infer"]);
    expect([...stanceOf("You turn it on at inference too.").up]).toEqual(["infer"]);
    expect([...stanceOf("Variance goes down as k grows.").down]).toEqual(["varianc"]);
  });

  it("a contrast clause asserts nothing of the sentence's subject", () => {
    const s = stanceOf("L1 zeroes small weights, whereas the squared penalty only shrinks them.");
    expect(s.asserted.has("l1")).toBe(true);
    expect(s.asserted.has("squar")).toBe(false);
  });

  it("opposes the point's side on a shared term, not its converse", () => {
    const point = combined([stanceOf("never shuffle time series"), stanceOf("shuffling leaks the future")]);
    expect(point.asserted.has("shuffl")).toBe(false);
    expect(opposes(point, stanceOf("You should always shuffle the days first."))).toBe(true);
    expect(opposes(point, stanceOf("Shuffling would leak the future into training."))).toBe(false);
    const lowers = stanceOf("a larger k lowers the variance");
    expect(opposes(lowers, stanceOf("a larger k raises the variance"))).toBe(true);
    expect(opposes(lowers, stanceOf("a smaller k raises the variance"))).toBe(false);
  });
});

describe("a sentence that says the opposite of a point does not count for it", () => {
  it("urging what the time-series point forbids is not the point", () => {
    expect(
      status(
        "cross-validation",
        "For time series data, always shuffle the rows before making the folds.",
        "time-series",
      ),
    ).toBe("missed");
    expect(
      status(
        "cross-validation",
        "For time series data, never shuffle the rows: each validation window comes after its training window.",
        "time-series",
      ),
    ).toBe("covered");
  });

  it("dropout left on at inference is not the dropout point", () => {
    const on = "Dropout randomly zeroes activations during training, and you turn it on at inference too.";
    expect(status("regularization", on, "dropout")).toBe("missed");
    expect(status("regularization", on.replace("turn it on", "switch it off"), "dropout")).not.toBe("missed");
  });
});

describe("a subject given a sibling's attributes is a mix-up", () => {
  it("L2 with the absolute values, or L1 with the squares, covers neither point", () => {
    expect(
      status(
        "regularization",
        "L2 adds the absolute values of the weights to the loss and shrinks them smoothly.",
        "l2",
      ),
    ).toBe("missed");
    expect(
      status(
        "regularization",
        "L1 adds the squared weights, which drives many weights exactly to zero and leaves a sparse model.",
        "l1",
      ),
    ).toBe("missed");
    expect(
      status(
        "regularization",
        "L1 adds the absolute values of the weights, which drives many weights exactly to zero and leaves a sparse model.",
        "l1",
      ),
    ).toBe("covered");
  });

  it("a contrast with the sibling is not a mix-up", () => {
    expect(
      status(
        "regularization",
        "L1 adds the absolute values of the weights, which drives many weights exactly to zero and leaves a sparse model, whereas a squared penalty only shrinks them.",
        "l1",
      ),
    ).toBe("covered");
  });

  it("an explanation said of the sibling's subject does not cover the point the neighbour names", () => {
    const answer =
      "L2 adds the squared weights. L1 spreads weight across correlated features and shrinks weights smoothly.";
    expect(status("regularization", answer, "l2")).not.toBe("covered");
  });
});

describe("waving work away", () => {
  it("'no special handling is needed' and 'no tuning needed' dismiss; 'no labels are needed' does not", () => {
    expect(dismisses("Exp cannot overflow here, so in practice no special handling is needed.")).toBe(true);
    expect(dismisses("The default threshold is the natural choice, with no tuning needed.")).toBe(true);
    expect(dismisses("The code needs no special handling for large logits.")).toBe(true);
    expect(dismisses("Clustering finds groups in the data, and no labels are needed.")).toBe(false);
  });
});
