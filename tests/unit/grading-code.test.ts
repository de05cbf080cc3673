import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.ts";
import { OfflineGrader } from "../../src/grading/offline/grader.ts";
import { codeLineCount } from "../../src/text/code.ts";

const content = loadContent();
const hub = content.hub("ml-engineer")!;
const grader = OfflineGrader.forContent(content);
const q = (id: string) => hub.questionsById.get(id)!;
const level = (id: string, answer: string, competency: string) =>
  grader
    .gradeSync(q(id), hub.rubric, [{ turnId: "t1", kind: "question", prompt: q(id).text, answer }])
    .competencies.find((c) => c.competencyId === competency);

const CODE = [
  "import numpy as np",
  "",
  "def softmax(z):",
  "    z = np.asarray(z, dtype=float)",
  "    shifted = z - z.max(axis=-1, keepdims=True)",
  "    e = np.exp(shifted)",
  "    return e / e.sum(axis=-1, keepdims=True)",
  "",
  "def log_softmax(z):",
  "    shifted = z - z.max(axis=-1, keepdims=True)",
  "    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))",
].join("\n");

const PROSE =
  "I pull the largest score out of every row before exponentiating, so after shifting every exponent is at most " +
  "zero and the biggest term becomes one, so the sum cannot overflow even for scores like 1000. The shift is exact, " +
  "not an approximation: the same constant cancels from top and bottom, so the outputs are identical. For log " +
  "probabilities I stay in log space, subtracting the log of the summed shifted exponentials from the shifted " +
  "scores, because underflowed probabilities become minus infinity once you take the log. The max and the sum are " +
  "taken along the last axis with keepdims, so it broadcasts across each row and works for a vector or a batch with " +
  "no Python loop. I would test that each row of probabilities sums to one, that logits like 1000 give no NaN, " +
  "that equal logits give a uniform distribution and that it matches scipy with np.allclose.";

describe("code is shown in code", () => {
  it("counts code lines, fenced or not, and not prose", () => {
    expect(codeLineCount(CODE)).toBe(9);
    expect(codeLineCount(`\`\`\`\nsoftmax of the row\nmore\n\`\`\``)).toBe(2);
    expect(codeLineCount("If the data drifts, retrain:\nThen compare the two models on the newest week.")).toBe(0);
    expect(codeLineCount(PROSE)).toBe(0);
  });

  it("a coding answer that shows no code is held at 2 in coding craft, one with a few lines at 3", () => {
    const described = level("stable-softmax", PROSE, "coding-craft");
    const fewLines = level("stable-softmax", `${CODE.split("\n").slice(2, 5).join("\n")}\n\n${PROSE}`, "coding-craft");
    const written = level("stable-softmax", `${CODE}\n\n${PROSE}`, "coding-craft");
    expect(written?.level).toBe(4);
    expect(fewLines?.level).toBe(3);
    expect(fewLines?.rationale).toMatch(/describes the code but shows only 3 lines of it/);
    expect(described?.level).toBe(2);
    expect(described?.rationale).toMatch(/Held at 2: the answer describes the code but shows none of it/);
  });

  it("does not hold back competencies the rubric does not define by code", () => {
    expect(level("stable-softmax", PROSE, "conceptual-depth")?.level).toBe(
      level("stable-softmax", `${CODE}\n\n${PROSE}`, "conceptual-depth")?.level,
    );
  });
});
