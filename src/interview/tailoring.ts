import type { RoleHub } from "../content/load.ts";
import { EMPTY_LEXICON, type Lexicon } from "../text/lexicon.ts";
import { hubProfile, type QuestionProfile, type Unit } from "./tailoring-profile.ts";

/** How strongly a pasted job description points at each question, and why. */
export interface Tailoring {
  /** Question id -> relevance; 0 when the description says nothing particular about it. */
  weights: ReadonlyMap<string, number>;
  /** Why a question fits the description, quoting it; null when it does not. */
  reason(questionId: string): string | null;
}

/** Below this a question's match is a word or two in passing, not something the description stresses. */
export const MIN_WEIGHT = 2.5;
/** All words of a multi-word pattern close together ("fraud detection", "detecting fraud") count extra. */
const PHRASE_BONUS = 2;
const COMPETENCY_WEIGHT = 0.5;
const QUOTES_IN_REASON = 2;
/** Between two words of one quoted phrase: only spaces, hyphens and short function words. */
const SAME_PHRASE = /^[\s\p{L}'’-]{0,12}$/u;
const MAX_QUOTE_CHARS = 60;

export const NO_TAILORING: Tailoring = {
  weights: new Map(),
  reason: () => null,
};

interface Match {
  profile: QuestionProfile;
  weight: number;
  /** Indices into the description's units that this question matched, with each unit's contribution. */
  units: Map<number, number>;
  tags: string[];
}

function countKeys(units: readonly Unit[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const u of units) counts.set(u.key, (counts.get(u.key) ?? 0) + 1);
  return counts;
}

/** True when every key occurs within a few words of the others somewhere in the description. */
function near(units: readonly Unit[], keys: readonly string[]): boolean {
  if (keys.length < 2) return false;
  const window = keys.length + 2;
  for (let i = 0; i < units.length; i++) {
    if (units[i]?.key !== keys[0] && !keys.includes(units[i]?.key ?? "")) continue;
    const seen = new Set(units.slice(i, i + window).map((u) => u.key));
    if (keys.every((k) => seen.has(k))) return true;
  }
  return false;
}

function matchQuestion(profile: QuestionProfile, units: readonly Unit[], counts: Map<string, number>): Match {
  let weight = 0;
  const contributions = new Map<number, number>();
  for (const [key, count] of counts) {
    const w = profile.terms.get(key) ?? 0;
    // Saying a thing again stresses it, with diminishing returns.
    weight += w * Math.min(2, 1 + 0.5 * (count - 1));
  }
  units.forEach((u, i) => {
    if (profile.vocabulary.has(u.key)) contributions.set(i, profile.terms.get(u.key) ?? 0);
  });
  const tags: string[] = [];
  for (const tag of profile.tags) {
    const hit = tag.keys.some((k) => (profile.terms.get(k) ?? 0) > 0 && counts.has(k));
    if (!hit) continue;
    tags.push(tag.label);
    if (near(units, tag.keys)) weight += PHRASE_BONUS;
  }
  for (const k of profile.competencyKeys) if (counts.has(k)) weight += COMPETENCY_WEIGHT;
  return { profile, weight, units: contributions, tags };
}

/** Widens a quote to whole compounds, so "real-time" is never quoted as "time". */
function wholeWords(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s > 1 && /[-/]/.test(text[s - 1] ?? "") && /[\p{L}\p{N}]/u.test(text[s - 2] ?? "")) {
    s--;
    while (s > 0 && /[\p{L}\p{N}]/u.test(text[s - 1] ?? "")) s--;
  }
  while (/[-/]/.test(text[e] ?? "") && /[\p{L}\p{N}]/u.test(text[e + 1] ?? "")) {
    e++;
    while (/[\p{L}\p{N}]/u.test(text[e] ?? "")) e++;
  }
  return text.slice(s, e);
}

/** The description's own words for what matched: runs of matched words, best first. */
function quotes(description: string, units: readonly Unit[], match: Match): string[] {
  const runs: { start: number; end: number; score: number }[] = [];
  let run: { start: number; end: number; score: number; last: number } | null = null;
  for (const i of [...match.units.keys()].sort((a, b) => a - b)) {
    const u = units[i] as Unit;
    const w = match.units.get(i) ?? 0;
    const gap = run ? description.slice(run.end, u.start) : "";
    if (run && i === run.last + 1 && SAME_PHRASE.test(gap) && u.end - run.start <= MAX_QUOTE_CHARS) {
      run.end = u.end;
      run.score += w;
      run.last = i;
    } else {
      if (run) runs.push(run);
      run = { start: u.start, end: u.end, score: w, last: i };
    }
  }
  if (run) runs.push(run);
  const seen = new Set<string>();
  const out: string[] = [];
  // A run of only common words ("the model") is not what matched.
  for (const r of runs.filter((x) => x.score > 0).sort((a, b) => b.score - a.score || a.start - b.start)) {
    const text = wholeWords(description, r.start, r.end).replace(/\s+/g, " ");
    const k = text.toLowerCase();
    if (seen.has(k) || [...seen].some((s) => s.includes(k))) continue;
    seen.add(k);
    out.push(text);
    if (out.length === QUOTES_IN_REASON) break;
  }
  return out;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function reasonText(quoted: string[], tags: string[]): string {
  const mentions = `The description mentions ${list(quoted.map((q) => `“${q}”`))}`;
  return tags.length > 0 ? `${mentions}; this question is about ${list(tags.slice(0, 3))}.` : `${mentions}.`;
}

/**
 * Weighs each question of a role hub by what a job description stresses: the question's patterns,
 * the words of its text and key points (rare words count more than common ones), its competencies
 * and its round's subject. Offline and deterministic: the same description always gives the same weights.
 */
export function tailorToDescription(hub: RoleHub, description: string, lexicon: Lexicon = EMPTY_LEXICON): Tailoring {
  if (description.trim() === "") return NO_TAILORING;
  const profile = hubProfile(hub, lexicon);
  const units = profile.units(description);
  const counts = countKeys(units);
  const matches = new Map<string, Match>();
  const weights = new Map<string, number>();
  for (const q of profile.questions) {
    const m = matchQuestion(q, units, counts);
    const relevant = m.weight >= MIN_WEIGHT;
    weights.set(q.question.id, relevant ? Math.round(m.weight * 100) / 100 : 0);
    if (relevant) matches.set(q.question.id, m);
  }
  return {
    weights,
    reason(questionId) {
      const m = matches.get(questionId);
      if (!m) return null;
      const quoted = quotes(description, units, m);
      return quoted.length > 0 ? reasonText(quoted, m.tags) : null;
    },
  };
}
