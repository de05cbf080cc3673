import { describe, expect, it } from "vitest";
import { type AnswerWindow, answerWindows, windowHasStem } from "../../src/grading/offline/windows.ts";
import { contentStems, stemsMatch } from "../../src/text/tokens.ts";

const TEXT =
  "An imbalanced dataset needs stratified splits; the imbalance shows in recall. Regularization and regularizer " +
  "tuning, normalisation, normalize, generalise, general, generalization, overfit, overfitting, calibrate, calibration.";

describe("windowHasStem", () => {
  it("answers exactly as comparing the stem with each of the window's stems", () => {
    const windows: AnswerWindow[] = answerWindows([{ turnId: "t", kind: "question", prompt: "", answer: TEXT }]);
    // Stems of the text, their prefixes and extensions: every length difference stemsMatch allows, and beyond it.
    const base = contentStems(TEXT);
    const probes = new Set(base);
    for (const s of base) {
      for (let k = 1; k < s.length; k++) probes.add(s.slice(0, k));
      for (const tail of ["e", "ed", "ing", "ation", "x"]) probes.add(s + tail);
    }
    let matched = 0;
    for (const w of windows) {
      for (const p of probes) {
        const expected = w.stems.some((s) => stemsMatch(s, p));
        expect(windowHasStem(w, p), `${p} in "${w.quote}"`).toBe(expected);
        if (expected) matched++;
      }
    }
    expect(matched).toBeGreaterThan(50);
  });
});
