export interface Span {
  start: number;
  end: number;
  text: string;
}

const MAX_SPAN_CHARS = 320;

/**
 * Splits text into sentence spans with offsets into the original, so quotes stay verbatim.
 * Run-on sentences (transcripts rarely have full stops) are cut at commas or spaces to keep
 * evidence short and local.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  const boundary = /[.!?;\n]+(?=\s|$)|\n+/g;
  let last = 0;
  const push = (start: number, end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s] ?? "")) s++;
    while (e > s && /\s/.test(text[e - 1] ?? "")) e--;
    if (e <= s) return;
    if (e - s <= MAX_SPAN_CHARS) {
      spans.push({ start: s, end: e, text: text.slice(s, e) });
      return;
    }
    // Cut before the limit: a span of exactly MAX_SPAN_CHARS + 1 would be cut at the same place forever.
    let cut = text.lastIndexOf(",", s + MAX_SPAN_CHARS - 1);
    if (cut <= s + MAX_SPAN_CHARS / 3) cut = text.lastIndexOf(" ", s + MAX_SPAN_CHARS - 1);
    if (cut <= s) cut = s + MAX_SPAN_CHARS - 1;
    push(s, cut + 1);
    push(cut + 1, e);
  };
  for (const m of text.matchAll(boundary)) {
    const end = (m.index ?? 0) + m[0].length;
    push(last, end);
    last = end;
  }
  push(last, text.length);
  return spans;
}
