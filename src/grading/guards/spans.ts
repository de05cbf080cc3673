import type { ExchangeTurn } from "../types.ts";

/** A stretch of one answer that a signal is about, with the reason worded for the candidate. */
export interface SignalSpan {
  turnId: string;
  start: number;
  end: number;
  why: string;
}

export const overlapsAny = (turnId: string, start: number, end: number, spans: readonly SignalSpan[]) =>
  spans.some((s) => s.turnId === turnId && start < s.end && s.start < end);

/** Words of the answer that fall inside the given spans, against all words. */
export function shareOfWords(
  exchange: readonly ExchangeTurn[],
  spans: readonly SignalSpan[],
  words: (text: string) => number,
): number {
  const total = exchange.reduce((a, t) => a + words(t.answer), 0);
  if (total === 0) return 0;
  const inside = spans.reduce((a, s) => {
    const turn = exchange.find((t) => t.turnId === s.turnId);
    return a + (turn ? words(turn.answer.slice(s.start, s.end)) : 0);
  }, 0);
  return Math.min(1, inside / total);
}

/** The spans with overlapping ones joined, so that no word is counted twice. */
export function mergedSpans(spans: readonly SignalSpan[]): SignalSpan[] {
  const sorted = [...spans].sort((a, b) => a.turnId.localeCompare(b.turnId) || a.start - b.start);
  const out: SignalSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.turnId === s.turnId && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
