export interface Span {
  start: number;
  end: number;
  text: string;
}

const MAX_SPAN_CHARS = 320;

/** A prose line at least this many words long that runs on without an end mark is hard-wrapped. */
const WRAPPED_LINE_WORDS = 5;
const FENCE = /^[ \t]*(```|~~~)/;
/** A line that starts a list item, a heading or a quote begins a new sentence. */
const LINE_STARTS_ITEM = /^[ \t]*(?:[-*+•]\s|\d{1,2}[.)]\s|#|>|\|)/;
const NOT_AN_END = /(?:^[ \t]*\d{1,2}|\b(?:e\.g|i\.e|vs|cf))$/i;
const INDENTED_CODE = /^(?: {4}|\t)\S/;
const CODE_CHARS = /[=()[\]{}]|^\s*(?:def|for|if|return|import|class|while)\b/;

interface Block {
  start: number;
  end: number;
  code: boolean;
}

interface Line {
  start: number;
  /** End of the line's text, before its newline. */
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let at = 0;
  for (const part of text.split("\n")) {
    lines.push({ start: at, end: at + part.length, text: part });
    at += part.length + 1;
  }
  return lines;
}

/**
 * Cuts text into prose and code blocks: a fenced block (``` or ~~~, to its closing fence or the
 * end) and a run of indented lines that look like code are code; everything else is prose.
 */
function blocksOf(text: string): Block[] {
  const lines = linesOf(text);
  const blocks: Block[] = [];
  const add = (start: number, end: number, code: boolean) => {
    const last = blocks[blocks.length - 1];
    if (last && !last.code && !code) last.end = end;
    else blocks.push({ start, end, code });
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (FENCE.test(line.text)) {
      let j = i + 1;
      while (j < lines.length && !FENCE.test((lines[j] as Line).text)) j++;
      const last = lines[Math.min(j, lines.length - 1)] as Line;
      add(line.start, last.end, true);
      i = j + 1;
      continue;
    }
    const before = lines[i - 1];
    if (INDENTED_CODE.test(line.text) && (!before || before.text.trim() === "")) {
      let j = i;
      while (j < lines.length && (INDENTED_CODE.test((lines[j] as Line).text) || (lines[j] as Line).text.trim() === ""))
        j++;
      while (j > i && (lines[j - 1] as Line).text.trim() === "") j--;
      const run = lines.slice(i, j);
      if (run.some((l) => CODE_CHARS.test(l.text))) {
        add(line.start, (run[run.length - 1] as Line).end, true);
        i = j;
        continue;
      }
    }
    add(line.start, line.end, false);
    i++;
  }
  return blocks;
}

/**
 * True when the line break after `line` is a hard wrap inside a sentence: the line runs on (no
 * end mark or colon), is long enough to be prose rather than an item of a list, and the next
 * line continues it (not a list item or heading).
 */
function wrapsInto(line: string, next: string): boolean {
  const prev = line.trimEnd();
  if (prev === "" || next.trim() === "") return false;
  if (/[.!?;:]["')\]]*$/.test(prev)) return false;
  if (LINE_STARTS_ITEM.test(next)) return false;
  const words = prev.replace(LINE_STARTS_ITEM, "").trim().split(/\s+/).length;
  if (/[,(-]$/.test(prev)) return true;
  return words >= WRAPPED_LINE_WORDS && /^\s*[\p{Ll}\p{N}(]/u.test(next);
}

/**
 * Splits text into sentence spans with offsets into the original, so quotes stay verbatim.
 * Hard-wrapped prose lines join into their sentence; a code block is one span, whole. Run-on
 * sentences (transcripts rarely have full stops) are cut at commas or spaces to keep evidence
 * short and local.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  const push = (start: number, end: number, whole = false) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s] ?? "")) s++;
    while (e > s && /\s/.test(text[e - 1] ?? "")) e--;
    if (e <= s) return;
    if (whole || e - s <= MAX_SPAN_CHARS) {
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
  for (const block of blocksOf(text)) {
    if (block.code) {
      push(block.start, block.end, true);
      continue;
    }
    const prose = text.slice(block.start, block.end);
    const boundary = /[.!?;]+(?=\s|$)|\n[ \t]*(?:\n[ \t]*)*/g;
    let last = 0;
    for (const m of prose.matchAll(boundary)) {
      const at = m.index ?? 0;
      const end = at + m[0].length;
      const lineStart = prose.lastIndexOf("\n", at - 1) + 1;
      // "1." opening a list item and "e.g." end no sentence.
      if (m[0] === "." && NOT_AN_END.test(prose.slice(lineStart, at))) continue;
      if (/^\n[ \t]*$/.test(m[0])) {
        const nextEnd = prose.indexOf("\n", end);
        if (wrapsInto(prose.slice(lineStart, at), prose.slice(end, nextEnd < 0 ? prose.length : nextEnd))) continue;
      }
      push(block.start + last, block.start + end);
      last = end;
    }
    push(block.start + last, block.end);
  }
  return spans;
}
