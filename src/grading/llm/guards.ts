import type { Level, Question, Rubric } from "../../content/schema.ts";
import type { Guard, SteeringSpan } from "../signals.ts";
import type { KeyPointStatus } from "../types.ts";
import type { LocatedQuote } from "./quotes.ts";

/**
 * Deterministic checks applied after the model's grade is parsed and its quotes verified. The
 * model can be talked into anything; these rules cannot, so a manipulated answer ends up no
 * higher than its real content supports. Each rule that fires is written into the grade.
 *
 * 1. Evidence: text that steers the grader and bare lists of terms are never evidence, and a
 *    level of 2 or more with no quote of the candidate's words left is lowered to 1. A key point
 *    marked covered or partly covered with no quote left counts as missed.
 * 2. Restated question: an answer that mostly repeats the question scores 1 everywhere and covers
 *    no key point.
 * 3. Coverage cross-check: when the offline grader finds almost none (under 15%) of a
 *    competency's key points in the answer, or the answer is mostly lists of terms, the model may
 *    not give 3 or 4.
 * 4. Steering or padding (instructions to the grader, fake grader output, keyword lists,
 *    repeated sentences, extreme length): every level is capped at the offline grader's level
 *    plus one, so the trick cannot lift a grade beyond what the plain content earns.
 * 5. Shared guards (src/grading/signals.ts, the same the offline grader applies): phrase lists,
 *    recited key points, a pasted model answer, repetition, padding each cap every level with
 *    their reason.
 * 6. Supporting quotes: a quote cited for a key point must name or explain that point (its
 *    phrasings, explains or a lexicon equivalent); one that does not is dropped, and a point
 *    left with no quote counts as missed.
 */

export const NEAR_ZERO_COVERAGE = 0.15;

export interface DraftCompetency {
  competencyId: string;
  level: Level | null;
  evidence: LocatedQuote[];
  rationale: string;
}

export interface DraftKeyPoint {
  keyPointId: string;
  status: KeyPointStatus;
  evidence: LocatedQuote[];
}

export interface GuardContext {
  question: Question;
  rubric: Rubric;
  steering: SteeringSpan[];
  /** Lists of terms: not evidence, and counted as padding. */
  lists: SteeringSpan[];
  mostlyLists: boolean;
  padding: string[];
  restated: boolean;
  /** The offline grader's level per competency on the same answer. */
  offlineLevels: Map<string, Level | null>;
  /** The offline grader's weighted key-point coverage per competency, 0..1. */
  offlineCoverage: Map<string, number>;
  /** Shared guards that fired on the answer; each caps every level. */
  guards?: Guard[];
  /** How well a quote names or explains a key point, 0..1; absent when the checks cannot read the answer. */
  support?: (keyPointId: string, quote: string) => number;
}

/** A quote matching less than this share of every phrasing of its key point does not support it. */
export const SUPPORT_AT = 0.25;

export interface GuardResult {
  competencies: DraftCompetency[];
  keyPoints: DraftKeyPoint[];
  notes: string[];
}

const overlaps = (q: LocatedQuote, s: SteeringSpan) => q.turnId === s.turnId && q.start < s.end && s.start < q.end;

export function applyGuards(
  draft: { competencies: DraftCompetency[]; keyPoints: DraftKeyPoint[] },
  ctx: GuardContext,
): GuardResult {
  const notes: string[] = [];
  const excluded = [...ctx.steering, ...ctx.lists];
  const clean = (quotes: LocatedQuote[]) => quotes.filter((q) => !excluded.some((s) => overlaps(q, s)));
  const steeringQuoted = draft.competencies.some((c) => clean(c.evidence).length < c.evidence.length);
  if (ctx.steering.length > 0) {
    const reasons = [...new Set(ctx.steering.map((s) => s.why))].join("; ");
    notes.push(`The answer contains text aimed at the grader (${reasons}); it was not counted as evidence.`);
  }
  if (steeringQuoted) notes.push("Quotes of steering text or of bare lists of terms were removed from the evidence.");
  if (ctx.padding.length > 0) notes.push(`Padding was detected: ${ctx.padding.join("; ")}.`);
  if (ctx.restated) notes.push("The answer mostly restates the question, so it is scored as giving no evidence.");
  const trickCap = ctx.steering.length > 0 || ctx.padding.length > 0;
  const shared = (ctx.guards ?? []).filter((g) => g.kind !== "steering" && g.kind !== "restated-question");
  for (const g of shared) notes.push(`Capped at ${g.cap}: ${g.reason}.`);

  const competencies = draft.competencies.map((c) => {
    const evidence = clean(c.evidence);
    let level = c.level;
    const why: string[] = [];
    const cap = (max: Level, reason: string) => {
      if (level !== null && level > max) {
        why.push(`lowered from ${level} to ${max}: ${reason}`);
        level = max;
      }
    };
    if (evidence.length === 0) cap(1, "the grade cited none of your words for it");
    if (ctx.restated) cap(1, "the answer restates the question");
    const coverage = ctx.offlineCoverage.get(c.competencyId) ?? 0;
    if (coverage < NEAR_ZERO_COVERAGE) cap(2, "almost none of the points behind this competency appear in the answer");
    if (ctx.mostlyLists) cap(2, "the answer is mostly a list of terms");
    for (const g of shared) cap(g.cap, g.reason);
    if (trickCap) {
      const offline = ctx.offlineLevels.get(c.competencyId) ?? 1;
      cap(Math.min(4, offline + 1) as Level, "text aimed at the grader or padding cannot raise a score");
    }
    if (why.length > 0) {
      const name = ctx.rubric.competencies.find((x) => x.id === c.competencyId)?.name ?? c.competencyId;
      notes.push(`${name} ${why.join("; ")}.`);
    }
    return {
      ...c,
      level,
      evidence,
      rationale: why.length > 0 ? `${c.rationale} (Guard: ${why.join("; ")}.)` : c.rationale,
    };
  });

  let unsupported = 0;
  let offPoint = 0;
  const keyPoints = draft.keyPoints.map((k) => {
    const cleaned = clean(k.evidence);
    const support = ctx.support;
    const evidence = support ? cleaned.filter((q) => support(k.keyPointId, q.quote) >= SUPPORT_AT) : cleaned;
    if (k.status !== "missed" && evidence.length < cleaned.length) offPoint++;
    if (k.status !== "missed" && (evidence.length === 0 || ctx.restated)) {
      unsupported++;
      return { ...k, status: "missed" as const, evidence: [] };
    }
    return { ...k, evidence };
  });
  if (unsupported > 0) {
    notes.push(
      `${unsupported} key point${unsupported === 1 ? "" : "s"} marked as covered without a quote of your words counted as missed.`,
    );
  }
  if (offPoint > 0) {
    notes.push(
      `Quotes that do not say anything about the key point they were cited for were not counted (${offPoint} key point${offPoint === 1 ? "" : "s"}).`,
    );
  }
  return { competencies, keyPoints, notes };
}
