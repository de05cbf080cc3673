import { sentenceSpans } from "../../text/sentences.ts";
import type { ExchangeTurn } from "../types.ts";
import { overlapsAny, type SignalSpan } from "./spans.ts";

const normalized = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * Sentences that repeat an earlier sentence of the same thread (ignoring case and punctuation).
 * The first occurrence is kept; every later one is graded as if it were not there.
 */
export function duplicateSpans(exchange: readonly ExchangeTurn[], skip: readonly SignalSpan[] = []): SignalSpan[] {
  const seen = new Set<string>();
  const out: SignalSpan[] = [];
  for (const turn of exchange) {
    for (const span of sentenceSpans(turn.answer)) {
      if (overlapsAny(turn.turnId, span.start, span.end, skip)) continue;
      const key = normalized(span.text);
      if (key.split(" ").length < 3) continue;
      if (seen.has(key))
        out.push({ turnId: turn.turnId, start: span.start, end: span.end, why: "a repeated sentence" });
      else seen.add(key);
    }
  }
  return out;
}
