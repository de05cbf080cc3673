import type { ComponentChildren } from "preact";

export interface Quote {
  quote: string;
  label: string;
}

interface Range {
  start: number;
  end: number;
  labels: string[];
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
    found.push({ start: at, end: at + needle.length, labels: [q.label] });
  }
  found.sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
      for (const l of r.labels) if (!last.labels.includes(l)) last.labels.push(l);
    } else merged.push({ ...r, labels: [...r.labels] });
  }
  return merged;
}

/** The candidate's own words, with the passages the grader cited marked. */
export function Highlighted({ text, quotes }: { text: string; quotes: Quote[] }) {
  const ranges = quoteRanges(text, quotes);
  const parts: ComponentChildren[] = [];
  let pos = 0;
  for (const r of ranges) {
    if (r.start > pos) parts.push(text.slice(pos, r.start));
    parts.push(
      <mark key={r.start} title={`Evidence for ${r.labels.join(", ")}`}>
        {text.slice(r.start, r.end)}
      </mark>,
    );
    pos = r.end;
  }
  if (pos < text.length) parts.push(text.slice(pos));
  return <p class="answer-text">{parts}</p>;
}
