import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.ts";
import { OfflineGrader, questionCorpus } from "../../src/grading/offline/grader.ts";
import { subjectsOf } from "../../src/grading/offline/subjects.ts";
import { buildTermWeights } from "../../src/text/idf.ts";

const content = loadContent();
const hub = content.hub("ml-engineer")!;
const grader = OfflineGrader.forContent(content);
const weights = buildTermWeights(questionCorpus([...content.roles.values()].flatMap((h) => h.questions)));
const regularization = hub.questionsById.get("regularization")!;
const status = (answer: string, keyPointId: string) =>
  grader
    .matchKeyPoints(regularization, [{ turnId: "t1", kind: "question", prompt: regularization.text, answer }])
    .find((m) => m.keyPoint.id === keyPointId)?.status;

describe("a point said about another point's subject is a swap", () => {
  it("finds the rare terms that name each point apart from its siblings, and none for points about no one thing", () => {
    const subjects = Object.fromEntries(
      regularization.keyPoints.map((kp, i) => [kp.id, [...(subjectsOf(regularization, weights)[i] ?? [])]]),
    );
    expect(subjects.l1).toEqual(["l1"]);
    expect(subjects.l2).toEqual(["l2"]);
    expect(subjects.dropout).toEqual(["dropout"]);
    expect(subjects.purpose).toEqual([]);
  });

  it("the sparsity point said of L2 does not cover the L1 point; said of L1, or of L1 against L2, it does", () => {
    const swapped =
      "L2 is the penalty that pushes lots of the weights to exactly zero, so L2 leaves a sparse model that selects features.";
    expect(status(swapped, "l1")).not.toBe("covered");
    expect(status(swapped.replace(/L2/g, "L1"), "l1")).toBe("covered");
    expect(
      status(
        "Unlike L2, L1 pushes lots of the weights to exactly zero, so L1 leaves a sparse model that selects features.",
        "l1",
      ),
    ).toBe("covered");
  });

  it("a sentence that names no point's subject still counts for the point it explains", () => {
    expect(
      status(
        "L1 adds the absolute values of the weights. It drives many weights exactly to zero and leaves a sparse model that selects features.",
        "l1",
      ),
    ).toBe("covered");
  });
});
