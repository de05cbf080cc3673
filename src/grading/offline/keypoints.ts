import type { KeyPoint, Question } from "../../content/schema.ts";
import type { TermWeights } from "../../text/idf.ts";
import { EMPTY_LEXICON, type Lexicon } from "../../text/lexicon.ts";
import { contentStems } from "../../text/tokens.ts";
import type { ExchangeTurn, KeyPointStatus } from "../types.ts";
import { mistakeClaims, statesMistake } from "./mistakes.ts";
import { bestOf, phrasingScore, phrasingTerms } from "./phrasing.ts";
import { combined, opposes, stanceOf } from "./stance.ts";
import { siblingReading } from "./subjects.ts";
import { type AnswerWindow, answerWindows, type WindowSpans, windowHasStem, windowStance } from "./windows.ts";

export const COVERED_AT = 0.62;
export const PARTIAL_AT = 0.38;
/** An explains phrasing this well matched, next to the named point, shows the point is understood. */
export const EXPLAINED_AT = 0.5;
/** An explains phrasing matched this well needs no naming term: the answer says it in other words. */
export const EXPLAINED_ALONE_AT = 0.75;

export interface KeyPointMatch {
  keyPoint: KeyPoint;
  score: number;
  status: KeyPointStatus;
  window: AnswerWindow | null;
  /** Best score using only the answer to the bank question itself. */
  mainScore: number;
  /** True when the point is named but nothing near the name says what it means or why it matters. */
  namedOnly: boolean;
  /** For a point not covered: the best sentence that would have counted but contradicts the point. */
  refuted: Refutation | null;
}

/** A sentence that shares a point's words but contradicts it, and how. */
export interface Refutation {
  window: AnswerWindow;
  /** Says the opposite of the point; makes one of the question's listed mistakes; gives its subject a sibling's attributes. */
  why: "opposite" | "mistake" | "mix-up";
  /** The bank's wording of the mistake, for "mistake". */
  mistake?: string;
  /** What the sentence would have scored for the point. */
  score: number;
}

/** One term of a phrasing: a stem, or a lexicon concept that any of its wordings satisfies. */
function statusOf(score: number): KeyPointStatus {
  if (score >= COVERED_AT) return "covered";
  if (score >= PARTIAL_AT) return "partial";
  return "missed";
}

/**
 * How well one window shows a key point. Without explains phrasings this is the best phrasing
 * match, as before. With them, naming the point reaches at most "partial"; "covered" needs an
 * explanation next to the name (the same sentence or the next), or an explanation so complete
 * that it stands without the name.
 */
function depthScore(naming: number, explained: number | null): { score: number; namedOnly: boolean } {
  if (explained === null) return { score: naming, namedOnly: false };
  const strength = Math.min(1, (naming + explained) / 2);
  if (explained >= EXPLAINED_ALONE_AT || (explained >= EXPLAINED_AT && naming >= PARTIAL_AT)) {
    return { score: COVERED_AT + (1 - COVERED_AT) * Math.max(strength, explained), namedOnly: false };
  }
  if (naming >= PARTIAL_AT || explained >= EXPLAINED_AT) {
    const below = COVERED_AT - PARTIAL_AT - 0.01;
    return { score: PARTIAL_AT + below * Math.min(1, Math.max(naming, explained)), namedOnly: naming >= PARTIAL_AT };
  }
  return { score: Math.max(naming, explained) * PARTIAL_AT, namedOnly: false };
}

/**
 * A sentence that takes the opposite side from a point on a term they share (see stance.ts), and
 * matches one of the point's wordings this well, says the opposite of the point.
 */
export const OPPOSED_AT = 0.3;

/** A sentence that matches one of the question's listed mistakes this well, and does not warn about it, makes it. */
export const MISTAKE_AT = 0.5;

export interface KeyPointMatcher {
  match(exchange: readonly ExchangeTurn[], spans?: WindowSpans): KeyPointMatch[];
  /**
   * How much of a key point a short text (a quote) names or explains, 0..1: the best match of
   * any of its phrasings or explains, lexicon included. 0 for an unknown key point.
   */
  support(keyPointId: string, text: string): number;
}

/** Prepares a question's key points once so that each answer is matched quickly. */
export function keyPointMatcher(
  question: Question,
  weights: TermWeights,
  lexicon: Lexicon = EMPTY_LEXICON,
): KeyPointMatcher {
  const questionStems = new Set(contentStems(question.text));
  const terms = (t: string, names?: ReadonlySet<string>) => phrasingTerms(t, questionStems, weights, lexicon, names);
  const aboutSiblings = siblingReading(question, weights, windowHasStem);
  const mistakes = mistakeClaims(question).map((m) => ({
    claim: m.claim,
    terms: terms(m.claim),
    reason: m.reason ? terms(m.reason) : null,
    mistake: m.mistake,
    window: answerWindows([{ turnId: "m", kind: "question", prompt: "", answer: m.claim }], {}, lexicon)[0],
  }));
  // A sentence that also gives the bank's reason the mistake is wrong is explaining it, not making it.
  // A sentence closer to the point's own wording than to the mistake is making the point (a lexicon
  // group can join the two: "data drift" and "concept drift" read alike).
  const mistakeIn = (w: AnswerWindow, pointScore: () => number, related: ReadonlySet<string>) =>
    mistakes.find((m) => {
      if (!related.has(m.claim)) return false;
      const score = phrasingScore(m.terms, w);
      return (
        score >= MISTAKE_AT &&
        score > pointScore() &&
        !(m.reason && phrasingScore(m.reason, w) >= MISTAKE_AT) &&
        statesMistake(w.quote, m.claim)
      );
    });
  const prepared = question.keyPoints.map((kp, i) => {
    const names = new Set(kp.phrasings.flatMap((p) => contentStems(p)));
    const wordings = [kp.text, ...kp.phrasings, ...(kp.explains ?? [])].map((t) => terms(t));
    return {
      // Mistakes about this point: the mistake's own words read as this point's wording. A sentence
      // making a mistake about another point says nothing against this one.
      mistakesAbout: new Set(
        mistakes.filter((m) => m.window !== undefined && bestOf(wordings, m.window) >= OPPOSED_AT).map((m) => m.claim),
      ),
      keyPoint: kp,
      naming: [kp.text, ...kp.phrasings].map((t) => terms(t)),
      explains: kp.explains?.map((t) => terms(t, names)) ?? null,
      wordings,
      stance: combined([kp.text, ...kp.phrasings, ...(kp.explains ?? [])].map(stanceOf)),
      aboutSibling: aboutSiblings[i] as (w: AnswerWindow) => "swap" | "mix-up" | null,
    };
  });
  return {
    support(keyPointId, text) {
      const p = prepared.find((x) => x.keyPoint.id === keyPointId);
      if (!p) return 0;
      const windows = answerWindows([{ turnId: "quote", kind: "question", prompt: "", answer: text }], {}, lexicon);
      return windows.reduce((m, w) => Math.max(m, bestOf(p.naming, w), p.explains ? bestOf(p.explains, w) : 0), 0);
    },
    match(exchange, spans = {}) {
      const windows = answerWindows(exchange, spans, lexicon);
      return prepared.map(({ keyPoint, naming, explains, aboutSibling, wordings, stance, mistakesAbout }) => {
        const opposed = (w: AnswerWindow) =>
          opposes(stance, windowStance(w)) && wordings.some((p) => phrasingScore(p, w) >= OPPOSED_AT);
        // Saying the opposite of the point, making one of the question's listed mistakes, or saying it
        // about another point's subject (a swap, or a mix-up of the two) is not making the point,
        // whatever words it shares.
        const refutation = (w: AnswerWindow): Omit<Refutation, "window" | "score"> | "swap" | null => {
          if (opposed(w)) return { why: "opposite" };
          const m = mistakesAbout.size > 0 ? mistakeIn(w, () => bestOf(wordings, w), mistakesAbout) : undefined;
          if (m) return { why: "mistake", mistake: m.mistake };
          const sibling = aboutSibling(w);
          return sibling === "mix-up" ? { why: "mix-up" } : sibling;
        };
        let refuted: Refutation | null = null;
        let refutedScore = 0;
        let best: AnswerWindow | null = null;
        let score = 0;
        let mainScore = 0;
        let namedOnly = false;
        const named = windows.map((w) => bestOf(naming, w));
        windows.forEach((window, k) => {
          let d: { score: number; namedOnly: boolean };
          let evidence = window;
          if (!explains) {
            const n = named[k] as number;
            d = depthScore(window.namingOnly ? Math.min(n, COVERED_AT - 0.01) : n, null);
          } else if (!window.single) return;
          else {
            // The explanation must be one sentence; the name may sit there or in a neighbour.
            const around = [k - 1, k + 1].filter(
              (j) => windows[j] && !windows[j]?.single && windows[j]?.turnId === window.turnId,
            );
            let naming = named[k] as number;
            let namedIn = window;
            let nameSentence = window;
            for (const j of around) {
              if (naming < PARTIAL_AT && (named[j] as number) > naming) {
                naming = named[j] as number;
                namedIn = windows[j] as AnswerWindow;
                // The neighbour sentence on the pair's other side (windows alternate sentence, pair).
                const o = j < k ? j - 1 : j + 1;
                nameSentence = (named[o] ?? 0) >= PARTIAL_AT ? (windows[o] as AnswerWindow) : namedIn;
              }
            }
            const explained = window.namingOnly ? 0 : bestOf(explains, window);
            d = depthScore(naming, explained);
            // Quote what supports the point: for a covered point the name with its explanation;
            // for a partly covered one the explanation if that is what counted, else the naming sentence.
            evidence = d.score >= COVERED_AT ? namedIn : explained >= EXPLAINED_AT ? window : nameSentence;
          }
          // A point only named inside a list of terms or phrases, or as a bare term, is not partly covered.
          if (d.score < COVERED_AT && evidence.listed) d = { score: 0, namedOnly: false };
          // Saying a point does not matter is not making it.
          if (evidence.dismissive || window.dismissive) d = { score: 0, namedOnly: false };
          if (d.score > 0) {
            let r = refutation(window);
            let by = window;
            if (!r && evidence !== window) {
              r = refutation(evidence);
              by = evidence;
            }
            // Only a sentence that would have counted (partly covered at least) refutes the point.
            if (r && r !== "swap" && d.score >= PARTIAL_AT && d.score > refutedScore) {
              refutedScore = d.score;
              refuted = { window: by, score: d.score, ...r };
            }
            if (r) d = { score: 0, namedOnly: false };
          }
          if (d.score > score) {
            score = d.score;
            best = evidence;
            namedOnly = d.namedOnly;
          }
          if (window.kind === "question" && d.score > mainScore) mainScore = d.score;
        });
        const status = statusOf(score);
        return {
          keyPoint,
          score,
          status,
          window: score >= PARTIAL_AT ? best : null,
          mainScore,
          namedOnly: status === "partial" && namedOnly,
          refuted: status === "covered" ? null : refuted,
        };
      });
    },
  };
}

/** Credit for a partly covered point that says something of what it means, beyond naming it. */
export const PARTIAL_CREDIT = 0.6;
/** Credit for a point that is only named. */
export const NAMED_CREDIT = 0.5;

/** Weighted coverage in [0, 1]: covered counts fully, partly covered in part (less when only named). */
export function coverage(matches: readonly KeyPointMatch[], filter?: (kp: KeyPoint) => boolean): number {
  let total = 0;
  let got = 0;
  for (const m of matches) {
    if (filter && !filter(m.keyPoint)) continue;
    total += m.keyPoint.weight;
    const credit =
      m.status === "covered" ? 1 : m.status === "partial" ? (m.namedOnly ? NAMED_CREDIT : PARTIAL_CREDIT) : 0;
    got += m.keyPoint.weight * credit;
  }
  return total === 0 ? 0 : got / total;
}
