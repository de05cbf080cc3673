import type { Question } from "../../content/schema.ts";
import type { TermWeights } from "../../text/idf.ts";
import { contentStems } from "../../text/tokens.ts";
import { type AnswerWindow, windowStance } from "./windows.ts";

/** A subject term is this rare in the bank (idf; 1 + ln 47/4 with the bank's 46 questions is about 3.5). */
export const SUBJECT_IDF = 3.4;

/**
 * The terms that name what a point is about, when its siblings are about other things: stems of
 * the point's id that its text and at least half of its phrasings use, that no sibling uses in half
 * of its phrasings, and that are rare in the bank ("l1", "dropout", "momentum"; not "data").
 */
export function subjectsOf(question: Question, weights: TermWeights): Set<string>[] {
  const usual = question.keyPoints.map((kp) => {
    const text = new Set(contentStems(kp.text));
    const counts = new Map<string, number>();
    for (const p of kp.phrasings) for (const s of new Set(contentStems(p))) counts.set(s, (counts.get(s) ?? 0) + 1);
    return new Set([...counts].filter(([s, n]) => 2 * n >= kp.phrasings.length && text.has(s)).map(([s]) => s));
  });
  return question.keyPoints.map(
    (kp, i) =>
      new Set(
        contentStems(kp.id.replace(/-/g, " ")).filter(
          (s) =>
            usual[i]?.has(s) && weights.idf(s) >= SUBJECT_IDF && usual.every((other, j) => j === i || !other.has(s)),
        ),
      ),
  );
}

/** An attribute is a word this rare in the bank: common words ("give", "value", "small") tell no point apart. */
export const ATTRIBUTE_IDF = 2.5;

/**
 * What the bank says only of one point (for points with a subject): the stems of its wordings that
 * no other point of the question and not the question itself uses ("absolute", "sparse", "lasso" for
 * L1; "squared", "ridge", "correlated" for L2).
 */
export function attributesOf(
  question: Question,
  subjects: readonly Set<string>[],
  weights: TermWeights,
): Set<string>[] {
  const wordsOf = (i: number) => {
    const kp = question.keyPoints[i];
    return new Set(kp ? [kp.text, ...kp.phrasings, ...(kp.explains ?? [])].flatMap((t) => contentStems(t)) : []);
  };
  const all = question.keyPoints.map((_, i) => wordsOf(i));
  const asked = new Set(contentStems(question.text));
  return all.map((own, i) =>
    (subjects[i]?.size ?? 0) === 0
      ? new Set<string>()
      : new Set(
          [...own].filter(
            (s) =>
              weights.idf(s) >= ATTRIBUTE_IDF && !asked.has(s) && all.every((other, j) => j === i || !other.has(s)),
          ),
        ),
  );
}

type Has = (window: AnswerWindow, stem: string) => boolean;

/**
 * For each point, whether a window reads as being about a sibling point instead:
 * - a swap: it names a sibling's subject and not this point's ("L2 leaves a sparse model" is not the
 *   L1 point), whatever its neighbour names;
 * - a mix-up: it names this point's subject only, and gives it at least as many of one sibling's own
 *   attributes as of its own, asserted, not denied ("L2 adds the absolute values", "L1 adds the
 *   squared weights"). A contrast naming both subjects is neither.
 */
export function siblingReading(
  question: Question,
  weights: TermWeights,
  has: Has,
): ((window: AnswerWindow) => "swap" | "mix-up" | null)[] {
  const subjects = subjectsOf(question, weights);
  const attributes = attributesOf(question, subjects, weights);
  const namesAny = (w: AnswerWindow, set: ReadonlySet<string>) => [...set].some((s) => has(w, s));
  return question.keyPoints.map((_, i) => {
    const own = subjects[i] as Set<string>;
    const others = subjects.map((set, j) => (j === i ? new Set<string>() : set));
    const siblings = new Set(others.flatMap((set) => [...set]));
    if (own.size === 0 || siblings.size === 0) return () => null;
    const count = (asserted: ReadonlySet<string>, attrs: ReadonlySet<string> | undefined) =>
      [...(attrs ?? [])].filter((a) => asserted.has(a)).length;
    return (w) => {
      if (namesAny(w, siblings)) return namesAny(w, own) ? null : "swap";
      if (!namesAny(w, own)) return null;
      const asserted = windowStance(w).asserted;
      const mine = count(asserted, attributes[i]);
      const mixed = attributes.some(
        (attrs, j) => j !== i && (others[j]?.size ?? 0) > 0 && count(asserted, attrs) >= Math.max(1, mine),
      );
      return mixed ? "mix-up" : null;
    };
  });
}
