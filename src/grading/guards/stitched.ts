import type { Question } from "../../content/schema.ts";
import { tokenize } from "../../text/tokens.ts";
import type { ExchangeTurn } from "../types.ts";
import { SHINGLE, shingles } from "./copies.ts";
import { overlapsAny, type SignalSpan } from "./spans.ts";

/**
 * The question's published key points and phrasings as word runs, prepared once. Explains are
 * left out: they say what an explanation must contain, and an answer that explains says it.
 */
const bankRuns = new WeakMap<Question, Set<string>>();

function wordingRuns(question: Question): Set<string> {
  let runs = bankRuns.get(question);
  if (!runs) {
    runs = new Set(
      question.keyPoints
        .flatMap((k) => [k.text, ...k.phrasings])
        .flatMap((t) => [...shingles(tokenize(t).map((w) => w.word))]),
    );
    bankRuns.set(question, runs);
  }
  return runs;
}

/**
 * Stretches of the answer that repeat the question's key points or phrasings word for word,
 * three words or more at a time. An answer stitched mostly from these pieces, whatever glue joins
 * them ("and the", "with the", "so the"), is built from the bank rather than said in the
 * candidate's words: measured on the dev split, answers written by people keep at most 50% of
 * their words in such runs; answers cut from the bank's phrasings and key points reach 71-100%.
 */
export function stitchedSpans(
  exchange: readonly ExchangeTurn[],
  question: Question,
  skip: readonly SignalSpan[] = [],
): SignalSpan[] {
  const runs = wordingRuns(question);
  const out: SignalSpan[] = [];
  for (const turn of exchange) {
    const tokens = tokenize(turn.answer);
    const covered = new Array<boolean>(tokens.length).fill(false);
    for (let i = 0; i + SHINGLE <= tokens.length; i++) {
      const run = tokens
        .slice(i, i + SHINGLE)
        .map((t) => t.word)
        .join(" ");
      if (runs.has(run)) covered.fill(true, i, i + SHINGLE);
    }
    for (let i = 0; i < tokens.length; ) {
      if (!covered[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < tokens.length && covered[j + 1]) j++;
      const start = tokens[i]?.start ?? 0;
      const end = tokens[j]?.end ?? start;
      if (!overlapsAny(turn.turnId, start, end, skip)) {
        out.push({ turnId: turn.turnId, start, end, why: "repeats the question's published key-point wording" });
      }
      i = j + 1;
    }
  }
  return out;
}
