import { EMPTY_LEXICON, type Lexicon } from "../../text/lexicon.ts";
import { sentenceSpans } from "../../text/sentences.ts";
import { conceptStemsOf, tokenize } from "../../text/tokens.ts";
import type { ExchangeTurn } from "../types.ts";
import { bareTerms, dismisses, onlyPhrases } from "./clauses.ts";
import { type Stance, stanceOf } from "./stance.ts";

/** A stretch of one answer (a sentence, or two neighbouring ones) that evidence can be quoted from. */
export interface AnswerWindow {
  turnId: string;
  kind: ExchangeTurn["kind"];
  start: number;
  end: number;
  quote: string;
  stems: string[];
  /** Lexicon concepts the window mentions, in any of their interchangeable wordings. */
  concepts: Set<string>;
  /** Share of function words; keyword lists have almost none. */
  substance: number;
  /** True for a single sentence, false for two neighbouring sentences taken together. */
  single: boolean;
  /** Inside a phrase list, a recital or copied text: it can name a point but not explain it. */
  namingOnly: boolean;
  /** Inside a list of terms or phrases, or a bare term with no clause: naming a point here earns nothing. */
  listed: boolean;
  /** Waves something away as unneeded: it names a point to deny it, so it shows no point. */
  dismissive: boolean;
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

/** Spans of the answers that the matcher treats specially (see answerWindows). */
export interface WindowSpans {
  exclude?: readonly ExcludedSpan[];
  listed?: readonly ExcludedSpan[];
  /** Lists of short phrases: like `listed`, naming there earns no partial credit. */
  phrases?: readonly ExcludedSpan[];
  namingOnly?: readonly ExcludedSpan[];
}

/**
 * Splits answers into sentence windows. `exclude` spans are dropped; windows touching a `listed`
 * span (a bare list of terms) keep only a fifth of their weight, since naming is not explaining;
 * windows touching a `namingOnly` span can name a point but never explain it. Windows touching a
 * `listed` or `phrases` span, and bare terms with no clause, are marked `listed`.
 */
export function answerWindows(
  exchange: readonly ExchangeTurn[],
  { exclude = [], listed = [], phrases = [], namingOnly = [] }: WindowSpans = {},
  lexicon: Lexicon = EMPTY_LEXICON,
): AnswerWindow[] {
  const windows: AnswerWindow[] = [];
  for (const turn of exchange) {
    const naming = namingOnly.filter((x) => x.turnId === turn.turnId);
    const lists = listed.filter((x) => x.turnId === turn.turnId);
    const phraseLists = phrases.filter((x) => x.turnId === turn.turnId);
    const blocked = exclude.filter((x) => x.turnId === turn.turnId);
    const spans = sentenceSpans(turn.answer).filter((sp) => !blocked.some((b) => sp.start < b.end && b.start < sp.end));
    const make = (start: number, end: number, single: boolean): AnswerWindow => {
      const text = turn.answer.slice(start, end);
      const tokens = tokenize(text);
      const content = tokens.filter((t) => !t.stop);
      const stopShare = tokens.length === 0 ? 0 : (tokens.length - content.length) / tokens.length;
      const stems = content.map((t) => t.stem);
      return {
        turnId: turn.turnId,
        kind: turn.kind,
        start,
        end,
        quote: turn.answer.slice(start, end),
        stems,
        concepts: new Set(lexicon.find(conceptStemsOf(tokens)).map((h) => h.concept)),
        substance: lists.some((l) => start < l.end && l.start < end)
          ? Math.min(0.2, substanceOf(stopShare, content.length))
          : substanceOf(stopShare, content.length),
        single,
        namingOnly: naming.some((l) => start < l.end && l.start < end),
        listed:
          lists.some((l) => start < l.end && l.start < end) ||
          onlyPhrases(text, start, phraseLists) ||
          bareTerms(tokens),
        dismissive: dismisses(text),
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

/** A window's stems, and the prefixes stemsMatch lets a shorter stem match them by. */
interface StemLookup {
  stems: Set<string>;
  matchable: Set<string>;
}

const lookups = new WeakMap<AnswerWindow, StemLookup>();

/** Same answer as window.stems.some((s) => stemsMatch(s, stem)), from sets built once per window. */
export function windowHasStem(window: AnswerWindow, stem: string): boolean {
  let l = lookups.get(window);
  if (!l) {
    l = { stems: new Set(window.stems), matchable: new Set(window.stems) };
    for (const s of window.stems)
      for (let k = Math.max(5, s.length - 3); k < s.length; k++) l.matchable.add(s.slice(0, k));
    lookups.set(window, l);
  }
  if (l.matchable.has(stem)) return true;
  for (let k = Math.max(5, stem.length - 3); k < stem.length; k++) if (l.stems.has(stem.slice(0, k))) return true;
  return false;
}

const stances = new WeakMap<AnswerWindow, Stance>();

/** stanceOf(window.quote), read once per window: every key point of the question asks for it. */
export function windowStance(window: AnswerWindow): Stance {
  let s = stances.get(window);
  if (!s) {
    s = stanceOf(window.quote);
    stances.set(window, s);
  }
  return s;
}
