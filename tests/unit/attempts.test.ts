import { describe, expect, it } from "vitest";
import type { GradeResult, KeyPointResult, KeyPointStatus } from "../../src/grading/types.ts";
import { type AttemptSource, compareAttempts, diffKeyPoints, timeTaken } from "../../src/interview/attempts.ts";
import { testContent } from "../support/app.ts";

const kp = (keyPointId: string, status: KeyPointStatus): KeyPointResult => ({ keyPointId, status, evidence: [] });

const hub = testContent().hub("ml-engineer");
const question = hub?.questionsById.get("overfitting");
if (!hub || !question) throw new Error("the bank lost its overfitting question");

const at = (minute: number, second = 0) => new Date(Date.UTC(2024, 11, 2, 14, minute, second));

function attempt(
  sessionId: string,
  keyPoints: Record<string, KeyPointStatus> | null,
  levels: Record<string, 1 | 2 | 3 | 4 | null> = {},
  turns: AttemptSource["turns"] = [
    { kind: "question", status: "answered", answerDurationMs: null, createdAt: at(0), answeredAt: at(3) },
  ],
): AttemptSource {
  const result: GradeResult | null = keyPoints && {
    competencies: Object.entries(levels).map(([competencyId, level]) => ({
      competencyId,
      level,
      evidence: [],
      rationale: "",
    })),
    keyPoints: Object.entries(keyPoints).map(([id, s]) => kp(id, s)),
    strengths: [],
    improvements: [],
    summary: "",
  };
  return { sessionId, questionIndex: 0, status: result ? "graded" : "pending", result, turns };
}

describe("diffKeyPoints", () => {
  it("names each key point's move from the previous attempt", () => {
    const before = [kp("a", "missed"), kp("b", "covered"), kp("c", "partial"), kp("d", "missed"), kp("e", "partial")];
    const after = [kp("a", "covered"), kp("b", "partial"), kp("c", "missed"), kp("d", "partial"), kp("e", "partial")];
    expect(diffKeyPoints(before, after).map((d) => [d.keyPointId, d.previous, d.change])).toEqual([
      ["a", "missed", "newly-covered"],
      ["b", "covered", "lost"],
      ["c", "partial", "worse"],
      ["d", "missed", "better"],
      ["e", "partial", "same"],
    ]);
  });

  it("marks every point of a first attempt as first, and a point the earlier grade lacked as missed then", () => {
    expect(diffKeyPoints(null, [kp("a", "covered")])).toEqual([
      { keyPointId: "a", status: "covered", previous: null, change: "first" },
    ]);
    expect(diffKeyPoints([kp("a", "covered")], [kp("a", "covered"), kp("new", "covered")])[1]).toEqual({
      keyPointId: "new",
      status: "covered",
      previous: "missed",
      change: "newly-covered",
    });
  });
});

describe("timeTaken", () => {
  it("adds recorded answer durations when every answer has one", () => {
    expect(
      timeTaken([
        { kind: "question", status: "answered", answerDurationMs: 60_000, createdAt: at(0), answeredAt: at(5) },
        { kind: "followup", status: "answered", answerDurationMs: 20_000, createdAt: at(5), answeredAt: at(7) },
      ]),
    ).toEqual({ ms: 80_000, source: "answering" });
  });

  it("otherwise measures from the question to the last answer, and has nothing for an unanswered thread", () => {
    expect(
      timeTaken([
        { kind: "question", status: "answered", answerDurationMs: null, createdAt: at(0), answeredAt: at(2, 30) },
        { kind: "followup", status: "skipped", answerDurationMs: null, createdAt: at(2, 30), answeredAt: null },
      ]),
    ).toEqual({ ms: 150_000, source: "on-question" });
    expect(
      timeTaken([{ kind: "question", status: "skipped", answerDurationMs: null, createdAt: at(0), answeredAt: null }]),
    ).toBeNull();
  });
});

describe("compareAttempts", () => {
  it("compares each graded attempt with the latest earlier graded one, skipping unanswered and pending bases", () => {
    const skipped = attempt("s0", null, {}, [
      { kind: "question", status: "skipped", answerDurationMs: null, createdAt: at(0), answeredAt: null },
    ]);
    const weak = attempt("s1", { definition: "partial", detection: "missed" }, { "conceptual-depth": 2 });
    const pending = attempt("s2", null);
    const better = attempt("s3", { definition: "covered", detection: "covered" }, { "conceptual-depth": 3 });
    const views = compareAttempts(question, hub.rubric, [skipped, weak, pending, better]);

    expect(views.map((v) => v.sessionId)).toEqual(["s1", "s2", "s3"]);
    const [first, waiting, last] = views;
    expect(first?.keyPoints.every((k) => k.change === "first")).toBe(true);
    expect(first?.competencies[0]).toMatchObject({ name: "Conceptual depth", level: 2, change: null });
    expect(waiting?.gradeStatus).toBe("pending");
    expect(waiting?.keyPoints).toEqual([]);
    expect(last?.newlyCovered).toEqual(["definition", "detection"]);
    expect(last?.lost).toEqual([]);
    expect(last?.competencies[0]).toMatchObject({ level: 3, change: 1 });
    expect(last?.keyPoints[0]?.text).toBe(question.keyPoints[0]?.text);
  });

  it("reports a key point lost when a later attempt no longer covers it", () => {
    const views = compareAttempts(question, hub.rubric, [
      attempt("a", { definition: "covered" }),
      attempt("b", { definition: "missed" }),
    ]);
    expect(views[1]?.lost).toEqual(["definition"]);
    expect(views[1]?.newlyCovered).toEqual([]);
  });
});
