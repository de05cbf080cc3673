import type { Question } from "../content/schema.ts";

/** Minutes a prompt deserves: the question's guideline, and half of it (at least one) for a follow-up. */
export function guidelineMinutes(question: Question | undefined, kind: "question" | "followup"): number {
  const base = question?.timeGuidelineMinutes ?? 4;
  return kind === "followup" ? Math.max(1, Math.round(base / 2)) : base;
}
