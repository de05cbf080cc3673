/**
 * Splits an answer into prose and code: ``` fenced blocks are code; with `allCode` (an answer to a
 * coding question with no fences) the whole answer is. Offsets point into the original text, so
 * highlighted quotes can be placed inside either kind. The fence lines themselves are not shown.
 */
export interface Segment {
  kind: "prose" | "code";
  start: number;
  end: number;
  lang: string;
}

const FENCE = /^[ \t]*```[ \t]*([\w+#.-]*)[ \t]*$/gm;

export function splitFences(text: string, allCode = false): Segment[] {
  const fences: { start: number; end: number; lang: string }[] = [];
  for (const m of text.matchAll(FENCE)) {
    const start = m.index ?? 0;
    fences.push({ start, end: start + m[0].length, lang: m[1] ?? "" });
  }
  if (fences.length === 0) {
    return text ? [{ kind: allCode ? "code" : "prose", start: 0, end: text.length, lang: "" }] : [];
  }
  const out: Segment[] = [];
  const push = (kind: Segment["kind"], start: number, end: number, lang = "") => {
    // Drop the line break that separates a block from its fence.
    if (text[start] === "\n") start++;
    if (end > start && text[end - 1] === "\n") end--;
    if (end > start && text.slice(start, end).trim()) out.push({ kind, start, end, lang });
  };
  let pos = 0;
  for (let i = 0; i < fences.length; i += 2) {
    const open = fences[i] as (typeof fences)[number];
    const close = fences[i + 1];
    push("prose", pos, open.start);
    // An unclosed fence runs to the end: the candidate was still typing code.
    push("code", open.end, close ? close.start : text.length, open.lang);
    pos = close ? close.end : text.length;
  }
  push("prose", pos, text.length);
  return out;
}
