import { contentStems, stemsMatch } from "../../text/tokens.ts";
import type { ExchangeTurn } from "../types.ts";

/** Longest run of consecutive content words the answer copies from the question. */
function longestCopiedRun(answer: readonly string[], question: readonly string[]): number {
  let best = 0;
  for (let i = 0; i < answer.length; i++) {
    for (let j = 0; j < question.length; j++) {
      let k = 0;
      while (
        i + k < answer.length &&
        j + k < question.length &&
        stemsMatch(answer[i + k] as string, question[j + k] as string)
      )
        k++;
      best = Math.max(best, k);
    }
  }
  return best;
}

/**
 * Words about answering rather than about the subject ("so the task is to…, I'd need to explain…,
 * those are the main parts"): a restatement framed with them adds nothing of its own.
 */
const FRAMING = new Set(
  contentStems(
    `task question asked ask need needs want wants going explain explaining talk talking discuss discussing
describe describing cover covering mention decide deal dealing handle handling answer main part parts piece
pieces first second third next then finally lastly also point points step steps thing things aspect aspects
approach walk through go over start begin end summary summarise basically overall`,
  ),
);

/**
 * True when the answer mostly repeats the question: most of its content words are the
 * question's, it copies a run of them, and it adds almost nothing of its own beyond framing words.
 * A terse answer that merely uses the question's vocabulary is not a restatement.
 */
export function restatesQuestion(exchange: readonly ExchangeTurn[], questionText: string): boolean {
  const questionStems = contentStems(questionText);
  const answer = contentStems(exchange.map((t) => t.answer).join("\n"));
  if (answer.length === 0) return false;
  const fromQuestion = answer.filter((s) => questionStems.some((q) => stemsMatch(q, s)));
  const novel = new Set(answer.filter((s) => !FRAMING.has(s) && !questionStems.some((q) => stemsMatch(q, s))));
  const copied = longestCopiedRun(answer, questionStems) >= Math.min(4, questionStems.length);
  return copied && fromQuestion.length / answer.length >= 0.6 && novel.size < 6;
}
