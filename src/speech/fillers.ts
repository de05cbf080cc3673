/**
 * Filler words in a transcript. Pure hesitation sounds always count; words that are also
 * ordinary English ("like", "kind of", "basically") count only in the positions where they
 * carry no meaning, so "a model like XGBoost" or "what kind of features" are not penalised.
 */

export interface FillerCount {
  word: string;
  count: number;
}

/** Hesitation sounds, spelled as transcribers write them, mapped to one spelling each. */
const HESITATIONS = new Map([
  ["um", "um"],
  ["umm", "um"],
  ["uhm", "um"],
  ["uh", "uh"],
  ["uhh", "uh"],
  ["er", "er"],
  ["erm", "er"],
  ["ah", "ah"],
  ["hmm", "hmm"],
  ["hm", "hmm"],
  ["mm", "hmm"],
]);

/** Words after which "kind of" / "sort of" name a category instead of hedging. */
const CATEGORY_LEADS = new Set([
  "what",
  "which",
  "this",
  "that",
  "these",
  "those",
  "a",
  "an",
  "the",
  "some",
  "any",
  "every",
  "each",
  "same",
  "one",
  "other",
  "another",
  "different",
  "new",
  "first",
  "right",
  "wrong",
]);

/** Discourse markers that add nothing when they start a clause or stand between commas. */
const CLAUSE_MARKERS = new Set(["basically", "actually", "literally", "honestly", "obviously"]);

interface Token {
  word: string;
  /** Punctuation directly before the word (after the previous word). */
  before: string;
  /** Punctuation directly after the word. */
  after: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/([\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*)([^\p{L}\p{N}]*)/gu)) {
    const prev = tokens[tokens.length - 1];
    // The start of the transcript behaves like the start of a sentence.
    tokens.push({
      word: (m[1] as string).toLowerCase(),
      before: prev ? prev.after : ".",
      after: (m[2] as string).trim(),
    });
  }
  return tokens;
}

const isBreak = (punct: string) => /[,.;:!?—–-]/.test(punct);

/** Counts fillers by kind, most frequent first (ties alphabetical). */
export function countFillers(text: string): FillerCount[] {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  const add = (w: string) => counts.set(w, (counts.get(w) ?? 0) + 1);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    const hesitation = HESITATIONS.get(t.word);
    if (hesitation) {
      add(hesitation);
      continue;
    }
    if (t.word === "like" && isBreak(t.after) && next) {
      add("like");
      continue;
    }
    if (t.word === "you" && next?.word === "know" && t.after === "" && (isBreak(next.after) || !tokens[i + 2])) {
      add("you know");
      i++;
      continue;
    }
    if (t.word === "i" && next?.word === "mean" && t.after === "" && isBreak(next.after)) {
      add("I mean");
      i++;
      continue;
    }
    if ((t.word === "kind" || t.word === "sort") && next?.word === "of" && t.after === "") {
      if (!prev || !CATEGORY_LEADS.has(prev.word) || isBreak(t.before)) {
        add(`${t.word} of`);
        i++;
        continue;
      }
    }
    if (CLAUSE_MARKERS.has(t.word) && (isBreak(t.before) || isBreak(t.after))) {
      add(t.word);
    }
  }
  return [...counts.entries()]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word));
}
