import { describe, expect, it } from "vitest";
import type { Rubric } from "../../src/content/schema.ts";
import { buildScorecard, type ScorecardGrade } from "../../src/grading/scorecard.ts";
import type { GradeResult } from "../../src/grading/types.ts";

const rubric = {
  competencies: [
    { id: "x", name: "X" },
    { id: "y", name: "Y" },
    { id: "z", name: "Z" },
  ],
} as unknown as Rubric;

const graded = (levels: Record<string, number | null>): ScorecardGrade => ({
  status: "graded",
  reason: null,
  result: {
    competencies: Object.entries(levels).map(([competencyId, level]) => ({
      competencyId,
      level,
      evidence: [],
      rationale: "",
    })),
    keyPoints: [],
    strengths: [],
    improvements: [],
    summary: "",
  } as GradeResult,
});

const three = (g: ScorecardGrade) => [g, g, g];
const sc0 = () => buildScorecard({ rubric, questionsAsked: 0, grades: [] });

describe("buildScorecard", () => {
  it("averages each competency, then the competencies, and maps to the published thresholds", () => {
    const sc = buildScorecard({
      rubric,
      questionsAsked: 3,
      grades: [graded({ x: 4, y: 3 }), graded({ x: 3, y: null }), graded({ x: 3.5, y: 3 })],
    });
    expect(sc.competencies.find((c) => c.competencyId === "x")?.mean).toBe(3.5);
    expect(sc.competencies.find((c) => c.competencyId === "y")?.mean).toBe(3);
    expect(sc.competencies.find((c) => c.competencyId === "z")?.mean).toBeNull();
    expect(sc.overall).toBe(3.25);
    expect(sc.recommendation).toBe("hire");
    expect(sc.recommendationLabel).toBe("Hire");
    expect(sc.derivation.join("\n")).toContain("3.25");
  });

  it("publishes the bands it applied, so the page draws the same thresholds the verdict used", () => {
    for (const level of [1.5, 2, 2.5, 3, 4]) {
      const sc = buildScorecard({ rubric, questionsAsked: 3, grades: three(graded({ x: level, y: level, z: level })) });
      const band = sc.thresholds.find((t) => level >= t.min);
      expect(band?.recommendation).toBe(sc.recommendation);
      expect(band?.label).toBe(sc.recommendationLabel);
    }
    const mins = sc0().thresholds.map((t) => t.min);
    expect(mins).toEqual([...mins].sort((a, b) => b - a));
  });

  it("caps the recommendation when one competency averages below 2", () => {
    const sc = buildScorecard({ rubric, questionsAsked: 3, grades: three(graded({ x: 4, y: 4, z: 1 })) });
    expect(sc.overall).toBe(3);
    expect(sc.recommendation).toBe("lean-no-hire");
    expect(sc.derivation.at(-1)).toMatch(/Capped/);
  });

  it("waits for pending grades and refuses to recommend on too little evidence", () => {
    const pending = buildScorecard({
      rubric,
      questionsAsked: 2,
      grades: [graded({ x: 4 }), { status: "pending", result: null, reason: null }],
    });
    expect(pending.state).toBe("pending");
    expect(pending.recommendation).toBe("insufficient-evidence");
    const skipped = { status: "ungraded" as const, result: null, reason: "skipped: no answer" };
    const thin = buildScorecard({ rubric, questionsAsked: 3, grades: [graded({ x: 4 }), skipped, skipped] });
    expect(thin.recommendation).toBe("insufficient-evidence");
    expect(thin.counts).toMatchObject({ graded: 1, skipped: 2, ungraded: 0 });
  });

  it("makes no recommendation when the candidate ended after a few of the planned questions", () => {
    const early = buildScorecard({
      rubric,
      questionsAsked: 2,
      questionsPlanned: 6,
      grades: [graded({ x: 4 }), graded({ x: 4 })],
    });
    expect(early.recommendation).toBe("insufficient-evidence");
    expect(early.derivation.at(-1)).toMatch(/2 of the 6 planned/);
    const enough = buildScorecard({
      rubric,
      questionsAsked: 3,
      questionsPlanned: 6,
      grades: [1, 2, 3].map(() => graded({ x: 4 })),
    });
    expect(enough.recommendation).toBe("strong-hire");
  });

  it("uses each threshold boundary", () => {
    const at = (l: number) =>
      buildScorecard({ rubric, questionsAsked: 3, grades: three(graded({ x: l, y: l, z: l })) }).recommendation;
    expect(at(4)).toBe("strong-hire");
    expect(at(3)).toBe("hire");
    expect(at(2)).toBe("lean-no-hire");
    expect(at(1)).toBe("no-hire");
  });

  it("gives no verdict from fewer than 3 graded bank questions, only a practice score, and says why", () => {
    for (const n of [1, 2]) {
      const sc = buildScorecard({
        rubric,
        questionsAsked: n,
        grades: Array.from({ length: n }, () => graded({ x: 4 })),
      });
      expect(sc.recommendation).toBe("insufficient-evidence");
      expect(sc.overall).toBe(4);
      expect(sc.recommendationLabel).toMatch(/practice/i);
      expect(sc.derivation.at(-1)).toMatch(/at least 3 graded bank questions and this session has \d/);
    }
  });

  it("says a verdict from the offline grader is coverage-based", () => {
    const offline = { ...graded({ x: 3, y: 3, z: 3 }), grader: "offline" };
    const sc = buildScorecard({ rubric, questionsAsked: 3, grades: three(offline) });
    expect(sc.recommendation).toBe("hire");
    expect(sc.recommendationLabel).toBe("Hire (coverage-based)");
    expect(sc.derivation.at(-1)).toMatch(/Coverage-based/);
    const model = buildScorecard({ rubric, questionsAsked: 3, grades: three({ ...offline, grader: "llm" }) });
    expect(model.recommendationLabel).toBe("Hire");
  });
});
