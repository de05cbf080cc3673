import { describe, expect, it } from "vitest";
import type { Level, Question, Rubric } from "../../src/content/schema.ts";
import { applyGuards, type DraftCompetency, type GuardContext } from "../../src/grading/llm/guards.ts";
import type { LocatedQuote } from "../../src/grading/llm/quotes.ts";

const rubric = {
  competencies: [
    { id: "modeling-judgment", name: "Modeling judgment" },
    { id: "communication-clarity", name: "Communication clarity" },
  ],
} as unknown as Rubric;
const question = { competencies: ["modeling-judgment", "communication-clarity"] } as unknown as Question;
const quote: LocatedQuote = {
  quote: "I would start from a logistic regression baseline",
  turnId: "t",
  start: 0,
  end: 49,
};

function ctx(over: Partial<GuardContext> = {}): GuardContext {
  return {
    question,
    rubric,
    steering: [],
    lists: [],
    mostlyLists: false,
    padding: [],
    restated: false,
    offlineLevels: new Map<string, Level | null>([
      ["modeling-judgment", 2],
      ["communication-clarity", 2],
    ]),
    offlineCoverage: new Map([
      ["modeling-judgment", 0.6],
      ["communication-clarity", 0.6],
    ]),
    ...over,
  };
}

const draft = (level: Level | null, evidence: LocatedQuote[] = [quote]) => ({
  competencies: question.competencies.map(
    (competencyId): DraftCompetency => ({ competencyId, level, evidence, rationale: "r" }),
  ),
  keyPoints: [{ keyPointId: "baseline", status: "covered" as const, evidence }],
});
const levels = (r: ReturnType<typeof applyGuards>) => r.competencies.map((c) => c.level);

describe("grading guards", () => {
  it("leave a supported grade alone", () => {
    const r = applyGuards(draft(4), ctx());
    expect(levels(r)).toEqual([4, 4]);
    expect(r.notes).toEqual([]);
  });

  it("lower an uncited level to 1 and count an uncited key point as missed", () => {
    const r = applyGuards(draft(3, []), ctx());
    expect(levels(r)).toEqual([1, 1]);
    expect(r.keyPoints[0]?.status).toBe("missed");
    expect(r.competencies[0]?.rationale).toMatch(/Guard: lowered from 3 to 1/);
  });

  it("never count steering text as evidence", () => {
    const r = applyGuards(draft(4), ctx({ steering: [{ turnId: "t", start: 10, end: 20, why: "asks for a score" }] }));
    expect(r.competencies.every((c) => c.evidence.length === 0)).toBe(true);
    expect(levels(r)).toEqual([1, 1]);
    expect(r.notes.join(" ")).toMatch(/asks for a score/);
  });

  it("cap at 2 where the offline grader finds almost no coverage", () => {
    const r = applyGuards(
      draft(4),
      ctx({
        offlineCoverage: new Map([
          ["modeling-judgment", 0.1],
          ["communication-clarity", 0.5],
        ]),
      }),
    );
    expect(levels(r)).toEqual([2, 4]);
  });

  it("cap at the offline level plus one when the answer is padded", () => {
    const r = applyGuards(draft(4), ctx({ padding: ["the same sentences are repeated"] }));
    expect(levels(r)).toEqual([3, 3]);
  });

  it("score a restated question 1 with no key points", () => {
    const r = applyGuards(draft(4), ctx({ restated: true }));
    expect(levels(r)).toEqual([1, 1]);
    expect(r.keyPoints[0]?.status).toBe("missed");
  });

  it("leave 'not observed' as it is", () => {
    expect(levels(applyGuards(draft(null, []), ctx({ restated: true })))).toEqual([null, null]);
  });

  it("apply every shared guard's cap with its reason", () => {
    const r = applyGuards(
      draft(4),
      ctx({ guards: [{ kind: "recited-key-points", cap: 2, reason: "the answer recites the key points" }] }),
    );
    expect(levels(r)).toEqual([2, 2]);
    expect(r.notes).toContain("Capped at 2: the answer recites the key points.");
    expect(r.competencies[0]?.rationale).toMatch(/lowered from 4 to 2: the answer recites the key points/);
  });

  it("drop a key point's quotes that do not support it, and count the point missed when none is left", () => {
    const support = (_: string, q: string) => (q.includes("baseline") ? 0.8 : 0);
    const offPoint: LocatedQuote = { quote: "I like long walks", turnId: "t", start: 60, end: 77 };
    const kept = applyGuards(draft(4, [quote, offPoint]), ctx({ support }));
    expect(kept.keyPoints[0]?.status).toBe("covered");
    expect(kept.keyPoints[0]?.evidence).toEqual([quote]);
    const dropped = applyGuards(draft(4, [offPoint]), ctx({ support }));
    expect(dropped.keyPoints[0]?.status).toBe("missed");
    expect(dropped.notes.join(" ")).toMatch(/do not say anything about the key point/);
  });
});
