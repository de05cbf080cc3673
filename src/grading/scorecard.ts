import type { Rubric } from "../content/schema.ts";
import type { GradeResult } from "./types.ts";

export type Recommendation =
  | "strong-hire"
  | "hire"
  | "lean-hire"
  | "lean-no-hire"
  | "no-hire"
  | "insufficient-evidence";

export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  "strong-hire": "Strong hire",
  hire: "Hire",
  "lean-hire": "Lean hire",
  "lean-no-hire": "Lean no hire",
  "no-hire": "No hire",
  "insufficient-evidence": "Not enough evidence yet",
};

/** Overall mean thresholds, highest first; published with every scorecard. */
export const THRESHOLDS: { min: number; rec: Exclude<Recommendation, "insufficient-evidence"> }[] = [
  { min: 3.4, rec: "strong-hire" },
  { min: 2.8, rec: "hire" },
  { min: 2.4, rec: "lean-hire" },
  { min: 1.8, rec: "lean-no-hire" },
  { min: 0, rec: "no-hire" },
];

export interface ScorecardGrade {
  status: "pending" | "running" | "graded" | "ungraded";
  result: GradeResult | null;
  reason: string | null;
  /** Which grader produced the grade ("offline", "llm"); absent in older callers. */
  grader?: string | null;
}

/** A hire recommendation from fewer graded bank questions than this would rest on too little. */
export const MIN_GRADED_FOR_VERDICT = 3;

export interface ScorecardInput {
  rubric: Rubric;
  /** Questions asked in the session (answered, skipped or still open). */
  questionsAsked: number;
  /** Questions the session planned; ending early leaves some unasked. Defaults to questionsAsked. */
  questionsPlanned?: number;
  grades: ScorecardGrade[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Aggregates stored grades: each competency is the mean of its observed levels, the overall is
 * the mean of competency means, and the recommendation follows published thresholds with one
 * cap (a competency below 2 caps the result at "lean no hire"). Every step is written out.
 */
export function buildScorecard(input: ScorecardInput) {
  const { rubric, grades } = input;
  const graded = grades.filter((g) => g.status === "graded" && g.result);
  const pending = grades.filter((g) => g.status === "pending" || g.status === "running").length;
  const skipped = grades.filter((g) => g.status === "ungraded" && g.reason?.startsWith("skipped")).length;
  const ungraded = grades.filter((g) => g.status === "ungraded").length - skipped;

  const competencies = rubric.competencies.map((c) => {
    const levels = graded.flatMap((g) =>
      (g.result as GradeResult).competencies
        .filter((s) => s.competencyId === c.id && s.level !== null)
        .map((s) => s.level as number),
    );
    const mean = levels.length > 0 ? round2(levels.reduce((a, b) => a + b, 0) / levels.length) : null;
    return { competencyId: c.id, name: c.name, mean, levels, answersScored: levels.length };
  });
  const observed = competencies.filter((c) => c.mean !== null);
  const overall =
    observed.length > 0 ? round2(observed.reduce((a, c) => a + (c.mean as number), 0) / observed.length) : null;

  const derivation: string[] = [];
  derivation.push(
    `${graded.length} of ${input.questionsAsked} asked questions are graded` +
      (pending > 0 ? `, ${pending} still grading` : "") +
      (skipped > 0 ? `, ${skipped} skipped (not scored)` : "") +
      (ungraded > 0 ? `, ${ungraded} could not be graded` : "") +
      ".",
  );
  for (const c of observed) {
    derivation.push(`${c.name}: mean of levels [${c.levels.join(", ")}] = ${c.mean?.toFixed(2)}.`);
  }
  let recommendation: Recommendation;
  let label: string | null = null;
  if (pending > 0) {
    recommendation = "insufficient-evidence";
    derivation.push("The recommendation waits until every answer is graded.");
  } else if (overall === null || graded.length * 2 < Math.max(input.questionsAsked, input.questionsPlanned ?? 0)) {
    recommendation = "insufficient-evidence";
    const base = Math.max(input.questionsAsked, input.questionsPlanned ?? 0);
    derivation.push(
      `Only ${graded.length} of the ${base} planned questions have a grade; a recommendation needs at least half.`,
    );
  } else if (graded.length < MIN_GRADED_FOR_VERDICT) {
    recommendation = "insufficient-evidence";
    label = "Practice score: no verdict";
    derivation.push(
      `Practice score ${overall.toFixed(2)} (mean of the ${observed.length} competency means). No hire recommendation: ` +
        `it needs at least ${MIN_GRADED_FOR_VERDICT} graded bank questions and this session has ${graded.length}, ` +
        "so the levels above are for practice only.",
    );
  } else {
    derivation.push(
      `Overall = mean of the ${observed.length} competency means = ${overall.toFixed(2)} (each competency counts equally).`,
    );
    recommendation = (THRESHOLDS.find((t) => overall >= t.min) as (typeof THRESHOLDS)[number]).rec;
    derivation.push(
      `Thresholds: strong hire >= 3.4, hire >= 2.8, lean hire >= 2.4, lean no hire >= 1.8, else no hire -> ${RECOMMENDATION_LABELS[recommendation]}.`,
    );
    const weak = observed.filter((c) => (c.mean as number) < 2);
    const order: Recommendation[] = ["no-hire", "lean-no-hire", "lean-hire", "hire", "strong-hire"];
    if (weak.length > 0 && order.indexOf(recommendation) > order.indexOf("lean-no-hire")) {
      recommendation = "lean-no-hire";
      derivation.push(`Capped at lean no hire: ${weak.map((c) => c.name).join(", ")} averaged below 2.`);
    }
    if (graded.some((g) => g.grader === "offline")) {
      label = `${RECOMMENDATION_LABELS[recommendation]} (coverage-based)`;
      derivation.push(
        "Coverage-based: the offline grader checked which key points the answers explain, not whether the reasoning " +
          "is correct; configure a model for a judged verdict.",
      );
    }
  }
  return {
    state: pending > 0 ? ("pending" as const) : ("ready" as const),
    competencies,
    overall,
    recommendation,
    recommendationLabel: label ?? RECOMMENDATION_LABELS[recommendation],
    thresholds: THRESHOLDS.map((t) => ({ min: t.min, recommendation: t.rec, label: RECOMMENDATION_LABELS[t.rec] })),
    derivation,
    counts: {
      questions: input.questionsAsked,
      graded: graded.length,
      pending,
      ungraded,
      skipped,
    },
  };
}
