import { tokenize } from "../../text/tokens.ts";
import { answerWindows } from "../offline/windows.ts";
import type { ExchangeTurn } from "../types.ts";
import { listSpans } from "./lists.ts";
import type { SteeringSpan } from "./steering.ts";

/** Signs that an answer looks bigger than it is; the LLM grader acts on them as the offline one does. */

/** True when lists of terms make up at least half of the answer's words. */
export function mostlyLists(exchange: readonly ExchangeTurn[], lists: readonly SteeringSpan[]): boolean {
  const total = exchange.reduce((a, t) => a + tokenize(t.answer).length, 0);
  const listed = lists.reduce((a, l) => {
    const turn = exchange.find((t) => t.turnId === l.turnId);
    return a + (turn ? tokenize(turn.answer.slice(l.start, l.end)).length : 0);
  }, 0);
  return total > 0 && listed / total >= 0.5;
}

/** Words beyond which an answer is padding whatever the question: far past what fits the time. */
export const paddingWordLimit = (minutes: number) => Math.max(1200, 300 * minutes);

/** Ways an answer can look bigger than it is. Each entry is a reason, worded for the candidate. */
export function paddingSigns(
  exchange: readonly ExchangeTurn[],
  minutes: number,
  lists: readonly SteeringSpan[] = listSpans(exchange),
): string[] {
  const signs: string[] = [];
  const windows = answerWindows(exchange).filter((w) => w.single);
  if (lists.length > 0) signs.push("part of the answer is a list of terms rather than sentences");
  const sentences = windows
    .map((w) => w.quote.toLowerCase().replace(/\W+/g, " ").trim())
    .filter((s) => s.split(" ").length >= 4);
  const counts = new Map<string, number>();
  for (const s of sentences) counts.set(s, (counts.get(s) ?? 0) + 1);
  const repeats = [...counts.values()].reduce((a, c) => a + (c - 1), 0);
  if ([...counts.values()].some((c) => c >= 3) || (sentences.length >= 4 && repeats / sentences.length >= 0.3)) {
    signs.push("the same sentences are repeated");
  }
  const words = exchange.reduce((a, t) => a + tokenize(t.answer).length, 0);
  if (words > paddingWordLimit(minutes)) {
    signs.push(`the answer runs to ${words} words, far more than a ${minutes}-minute question allows`);
  }
  return signs;
}
