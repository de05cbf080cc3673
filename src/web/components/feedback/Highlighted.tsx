import type { ComponentChildren } from "preact";
import { type Segment, splitFences } from "../../lib/fences.ts";

export interface Quote {
  quote: string;
  label: string;
  /** Stable id of what the quote is evidence for, so a key point can point at its highlight. */
  anchor?: string;
}

export interface Range {
  start: number;
  end: number;
  labels: string[];
  anchors: string[];
}

/** Finds each quote in the text (exactly, else ignoring case) and merges overlapping spans. */
export function quoteRanges(text: string, quotes: Quote[]): Range[] {
  const lower = text.toLowerCase();
  const found: Range[] = [];
  for (const q of quotes) {
    const needle = q.quote.trim();
    if (!needle) continue;
    let at = text.indexOf(needle);
    if (at === -1) at = lower.indexOf(needle.toLowerCase());
    if (at === -1) continue;
    found.push({ start: at, end: at + needle.length, labels: [q.label], anchors: q.anchor ? [q.anchor] : [] });
  }
  found.sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
      for (const l of r.labels) if (!last.labels.includes(l)) last.labels.push(l);
      for (const a of r.anchors) if (!last.anchors.includes(a)) last.anchors.push(a);
    } else merged.push({ ...r, labels: [...r.labels], anchors: [...r.anchors] });
  }
  return merged;
}

/** The text of one segment with the parts of the ranges that fall inside it marked. */
function marked(text: string, seg: Segment, ranges: Range[], idPrefix: string): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  let pos = seg.start;
  for (const r of ranges) {
    const start = Math.max(r.start, seg.start);
    const end = Math.min(r.end, seg.end);
    if (end <= start) continue;
    if (start > pos) parts.push(text.slice(pos, start));
    // The first piece of a range carries the anchor id, so a tap on a key point can jump here.
    const first = start === r.start && r.anchors.length > 0;
    parts.push(
      <mark
        key={start}
        id={first ? `${idPrefix}-${r.start}` : undefined}
        tabIndex={first ? -1 : undefined}
        title={`Evidence for ${r.labels.join(", ")}`}
        data-anchors={r.anchors.join(" ") || undefined}
      >
        {text.slice(start, end)}
      </mark>,
    );
    pos = end;
  }
  if (pos < seg.end) parts.push(text.slice(pos, seg.end));
  return parts;
}

/**
 * The candidate's own words, with the passages the grader cited marked; fenced code (or a whole
 * answer to a coding question) is shown as code.
 */
export function Highlighted({
  text,
  quotes,
  code = false,
  idPrefix = "q",
}: {
  text: string;
  quotes: Quote[];
  code?: boolean;
  idPrefix?: string;
}) {
  const ranges = quoteRanges(text, quotes);
  const segments = splitFences(text, code);
  return (
    <div class="answer-body">
      {segments.map((s) =>
        s.kind === "code" ? (
          <pre key={s.start} class="code-block" data-lang={s.lang || undefined}>
            <code>{marked(text, s, ranges, idPrefix)}</code>
          </pre>
        ) : (
          <p key={s.start} class="answer-text">
            {marked(text, s, ranges, idPrefix)}
          </p>
        ),
      )}
    </div>
  );
}
