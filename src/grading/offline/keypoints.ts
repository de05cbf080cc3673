import type { KeyPoint, Question } from "../../content/schema.ts";
import type { TermWeights } from "../../text/idf.ts";
import { sentenceSpans } from "../../text/sentences.ts";
import { contentStems, stemsMatch, tokenize } from "../../text/tokens.ts";
import type { ExchangeTurn, KeyPointStatus } from "../types.ts";

export const COVERED_AT = 0.62;
export const PARTIAL_AT = 0.38;
/** Terms the question itself uses count for less: restating the question is not an answer. */
const QUESTION_TERM_DISCOUNT = 0.35;

/** A stretch of one answer (a sentence, or two neighbouring ones) that evidence can be quoted from. */
export interface AnswerWindow {
  turnId: string;
  kind: ExchangeTurn["kind"];
  start: number;
  end: number;
  quote: string;
  stems: string[];
  /** Share of function words; keyword lists have almost none. */
  substance: number;
  /** True for a single sentence, false for two neighbouring sentences taken together. */
  single: boolean;
}

export interface KeyPointMatch {
  keyPoint: KeyPoint;
  score: number;
  status: KeyPointStatus;
  window: AnswerWindow | null;
  /** Best score using only the answer to the bank question itself. */
  mainScore: number;
}

function substanceOf(stopShare: number, contentCount: number): number {
  // Natural prose runs at 35-55% function words. Only long, list-like stretches are discounted,
  // so a terse but real answer ("L2, dropout, stop early") keeps its credit.
  if (contentCount < 10 || stopShare >= 0.2) return 1;
  return Math.max(0.2, (stopShare / 0.2) ** 2);
}

/** A stretch of an answer that must not count as evidence (e.g. text addressed to the grader). */
export interface ExcludedSpan {
  turnId: string;
  start: number;
  end: number;
}

/**
 * Splits answers into sentence windows. `exclude` spans are dropped; windows touching a `listed`
 * span (a bare list of terms) keep only a fifth of their weight, since naming is not explaining.
 */
export function answerWindows(
  exchange: readonly ExchangeTurn[],
  exclude: readonly ExcludedSpan[] = [],
  listed: readonly ExcludedSpan[] = [],
): AnswerWindow[] {
  const windows: AnswerWindow[] = [];
  for (const turn of exchange) {
    const lists = listed.filter((x) => x.turnId === turn.turnId);
    const blocked = exclude.filter((x) => x.turnId === turn.turnId);
    const spans = sentenceSpans(turn.answer).filter((sp) => !blocked.some((b) => sp.start < b.end && b.start < sp.end));
    const make = (start: number, end: number, single: boolean): AnswerWindow => {
      const tokens = tokenize(turn.answer.slice(start, end));
      const content = tokens.filter((t) => !t.stop);
      const stopShare = tokens.length === 0 ? 0 : (tokens.length - content.length) / tokens.length;
      return {
        turnId: turn.turnId,
        kind: turn.kind,
        start,
        end,
        quote: turn.answer.slice(start, end),
        stems: content.map((t) => t.stem),
        substance: lists.some((l) => start < l.end && l.start < end)
          ? Math.min(0.2, substanceOf(stopShare, content.length))
          : substanceOf(stopShare, content.length),
        single,
      };
    };
    spans.forEach((span, i) => {
      windows.push(make(span.start, span.end, true));
      const next = spans[i + 1];
      if (next) windows.push(make(span.start, next.end, false));
    });
  }
  return windows;
}

interface PhrasingTerms {
  stems: string[];
  weights: number[];
  total: number;
}

function phrasingTerms(text: string, questionStems: ReadonlySet<string>, weights: TermWeights): PhrasingTerms {
  const stems = [...new Set(contentStems(text))];
  const w = stems.map((s) => weights.idf(s) * (questionStems.has(s) ? QUESTION_TERM_DISCOUNT : 1));
  return { stems, weights: w, total: w.reduce((a, b) => a + b, 0) };
}

function phrasingScore(p: PhrasingTerms, window: AnswerWindow): number {
  if (p.total === 0) return 0;
  let hit = 0;
  p.stems.forEach((stem, i) => {
    if (window.stems.some((s) => stemsMatch(s, stem))) hit += p.weights[i] ?? 0;
  });
  return (hit / p.total) * window.substance;
}

function statusOf(score: number): KeyPointStatus {
  if (score >= COVERED_AT) return "covered";
  if (score >= PARTIAL_AT) return "partial";
  return "missed";
}

export interface KeyPointMatcher {
  match(
    exchange: readonly ExchangeTurn[],
    exclude?: readonly ExcludedSpan[],
    listed?: readonly ExcludedSpan[],
  ): KeyPointMatch[];
}

/** Prepares a question's key points once so that each answer is matched quickly. */
export function keyPointMatcher(question: Question, weights: TermWeights): KeyPointMatcher {
  const questionStems = new Set(contentStems(question.text));
  const prepared = question.keyPoints.map((kp) => ({
    keyPoint: kp,
    phrasings: [kp.text, ...kp.phrasings].map((t) => phrasingTerms(t, questionStems, weights)),
  }));
  return {
    match(exchange, exclude = [], listed = []) {
      const windows = answerWindows(exchange, exclude, listed);
      return prepared.map(({ keyPoint, phrasings }) => {
        let best: AnswerWindow | null = null;
        let score = 0;
        let mainScore = 0;
        for (const window of windows) {
          for (const p of phrasings) {
            const s = phrasingScore(p, window);
            if (s > score) {
              score = s;
              best = window;
            }
            if (window.kind === "question" && s > mainScore) mainScore = s;
          }
        }
        return { keyPoint, score, status: statusOf(score), window: score >= PARTIAL_AT ? best : null, mainScore };
      });
    },
  };
}

/** Weighted coverage in [0, 1]: covered counts fully, partly covered counts half. */
export function coverage(matches: readonly KeyPointMatch[], filter?: (kp: KeyPoint) => boolean): number {
  let total = 0;
  let got = 0;
  for (const m of matches) {
    if (filter && !filter(m.keyPoint)) continue;
    total += m.keyPoint.weight;
    got += m.keyPoint.weight * (m.status === "covered" ? 1 : m.status === "partial" ? 0.5 : 0);
  }
  return total === 0 ? 0 : got / total;
}
