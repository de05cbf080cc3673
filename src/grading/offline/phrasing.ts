import type { TermWeights } from "../../text/idf.ts";
import type { Lexicon } from "../../text/lexicon.ts";
import { conceptStems, isParticle } from "../../text/tokens.ts";
import { type AnswerWindow, windowHasStem } from "./windows.ts";

/** A wording from the bank (key point, phrasing, explains, mistake) as weighted terms, and how well a sentence matches it. */

/** Terms the question itself uses count for less: restating the question is not an answer. */
const QUESTION_TERM_DISCOUNT = 0.35;
/** In an explanation, the words that name the point count for less: the name is not the explanation. */
const NAME_TERM_DISCOUNT = 1;

type PhrasingTerm = { stem: string } | { concept: string };

export interface PhrasingTerms {
  terms: PhrasingTerm[];
  weights: number[];
  total: number;
}

export function phrasingTerms(
  text: string,
  questionStems: ReadonlySet<string>,
  weights: TermWeights,
  lexicon: Lexicon,
  nameStems: ReadonlySet<string> = new Set(),
): PhrasingTerms {
  // Particles ("+up") only tell lexicon terms apart; outside a term they are function words.
  const stems = conceptStems(text);
  const weightOf = (s: string) =>
    weights.idf(s) * (questionStems.has(s) ? QUESTION_TERM_DISCOUNT : 1) * (nameStems.has(s) ? NAME_TERM_DISCOUNT : 1);
  const terms: PhrasingTerm[] = [];
  const w: number[] = [];
  const seen = new Set<string>();
  let i = 0;
  for (const hit of [...lexicon.find(stems), { concept: "", start: stems.length, end: stems.length }]) {
    for (; i < hit.start; i++) {
      const s = stems[i] as string;
      if (seen.has(s) || isParticle(s)) continue;
      seen.add(s);
      terms.push({ stem: s });
      w.push(weightOf(s));
    }
    if (hit.concept && !seen.has(hit.concept)) {
      seen.add(hit.concept);
      terms.push({ concept: hit.concept });
      // A concept weighs what its words weigh, so a synonym earns what the bank's wording would.
      w.push(stems.slice(hit.start, hit.end).reduce((a, s) => a + (isParticle(s) ? 0 : weightOf(s)), 0));
    }
    i = hit.end;
  }
  return { terms, weights: w, total: w.reduce((a, b) => a + b, 0) };
}

export function phrasingScore(p: PhrasingTerms, window: AnswerWindow): number {
  if (p.total === 0) return 0;
  let hit = 0;
  p.terms.forEach((term, i) => {
    const found = "concept" in term ? window.concepts.has(term.concept) : windowHasStem(window, term.stem);
    if (found) hit += p.weights[i] ?? 0;
  });
  return (hit / p.total) * window.substance;
}

export const bestOf = (phrasings: readonly PhrasingTerms[], window: AnswerWindow) =>
  phrasings.reduce((m, p) => Math.max(m, phrasingScore(p, window)), 0);
