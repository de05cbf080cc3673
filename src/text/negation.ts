import { tokenize } from "./tokens.ts";

/** Words that deny what follows them ("not sorted", "no cost", "never ends", "can't be reversed"). */
const NEGATORS = new Set(["not", "no", "never", "cannot", "without", "none", "neither", "nor"]);

const isNegator = (word: string) => NEGATORS.has(word) || /n['’]t$/.test(word);

/** A clause boundary between two tokens: the negation does not reach past it. */
const BOUNDARY = /[,.;:!?()]/;
const CONJUNCTIONS = new Set(["but", "and", "while", "whereas", "or", "so", "because"]);

/**
 * The words a text denies: for each negator, the first content word after it in the same clause
 * ("there is no cost" denies "cost", "doesn't reveal the passwords" denies "reveal"), as
 * lower-cased surface words. Only the first word is taken: what follows it is usually its object,
 * which the sentence does not deny. With scope "clause", every content word up to the clause's
 * end: the generous reading, for asking whether a text denies a word at all.
 */
export function negatedWords(text: string, scope: "first" | "clause" = "first"): string[] {
  const tokens = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || !isNegator(t.word)) continue;
    for (let j = i + 1; j < tokens.length; j++) {
      const next = tokens[j];
      const prev = tokens[j - 1];
      if (!next || !prev || BOUNDARY.test(text.slice(prev.end, next.start))) break;
      if (isNegator(next.word) || CONJUNCTIONS.has(next.word)) break;
      if (!next.stop) {
        out.push(next.word);
        if (scope === "first") break;
      }
    }
  }
  return out;
}
