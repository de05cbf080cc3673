import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.ts";
import type { Question } from "../../src/content/schema.ts";
import { OfflineGrader } from "../../src/grading/offline/grader.ts";

const rubric = loadContent().hub("ml-engineer")!.rubric;
const grader = new OfflineGrader();

/** A made-up question: one point shows modeling judgment, two show conceptual depth. */
const toy = {
  id: "toy-depth",
  version: 1,
  round: "ml-fundamentals",
  type: "technical",
  difficulty: "medium",
  patterns: ["toy"],
  competencies: ["modeling-judgment", "conceptual-depth"],
  timeGuidelineMinutes: 4,
  text: "How would you set up a zorp model?",
  keyPoints: [
    {
      id: "kernel",
      text: "Pick the zorp kernel when the inputs are sparse.",
      weight: 2,
      competencies: ["modeling-judgment"],
      phrasings: ["zorp kernel", "zorp kernels"],
      explains: ["never densifies the sparse matrix"],
    },
    {
      id: "warmup",
      text: "Warm the glimmer layer up before training the rest.",
      weight: 2,
      competencies: ["conceptual-depth"],
      phrasings: ["glimmer warmup", "warm up the glimmer layer"],
      explains: ["train the glimmer layer alone for a few epochs so its scale settles first"],
    },
    {
      id: "pruning",
      text: "Prune the quill heads after training.",
      weight: 2,
      competencies: ["conceptual-depth"],
      phrasings: ["quill pruning", "prune quill heads"],
      explains: ["remove quill heads whose output barely changes the loss once training ends"],
    },
  ],
  probes: [{ keyPoint: "kernel", text: "Which kernel?" }],
  modelAnswer: "Use the zorp kernel for sparse inputs, warm the glimmer layer up first, prune quill heads afterwards.",
  commonMistakes: ["Densifying sparse inputs."],
} as unknown as Question;

const PARTLY = "It avoids densifying the matrix.";
const WARMUP =
  "I would warm up the glimmer layer: train the glimmer layer alone for a few epochs so its scale settles first.";
const PRUNING =
  "Then quill pruning: remove quill heads whose output barely changes the loss once training ends, which makes it cheaper.";

const judgment = (answer: string) =>
  grader
    .gradeSync(toy, rubric, [{ turnId: "t1", kind: "question", prompt: toy.text, answer }])
    .competencies.find((c) => c.competencyId === "modeling-judgment")!;
const kernel = (answer: string) =>
  grader
    .matchKeyPoints(toy, [{ turnId: "t1", kind: "question", prompt: toy.text, answer }])
    .find((m) => m.keyPoint.id === "kernel")!.status;

describe("an answer that explains most points has shown depth", () => {
  it("a competency whose only point is partly covered is held at 2 while the answer covers few points in full", () => {
    expect(kernel(`${PARTLY} ${WARMUP}`)).toBe("partial");
    const held = judgment(`${PARTLY} ${WARMUP}`);
    expect(held.level).toBe(2);
    expect(held.rationale).toMatch(/Level 3 and above need at least one point covered in full/);
  });

  it("is not held at 2 once the answer covers two in five of the question's points in full", () => {
    const answer = `${PARTLY} ${WARMUP} ${PRUNING}`;
    expect(kernel(answer)).toBe("partial");
    const shown = judgment(answer);
    expect(shown.level).toBe(3);
    expect(shown.rationale).toMatch(/covers 2 of the question's 3 key points in full/);
  });
});
