import { z } from "zod";
import { LlmFailure } from "./errors.ts";

/**
 * Reads the follow-up prompt's reply as it streams: a one-line JSON decision, then the question
 * text. Text is released a few words behind the stream so that a passage copied from the model
 * answer is caught before any of it reaches the candidate in full.
 */

export const FollowupHeader = z.object({
  action: z.enum(["follow-up", "move-on"]),
  keyPointId: z.string().nullable().optional(),
  competencyId: z.string().nullable().optional(),
  reason: z.string().optional(),
});
export type FollowupHeader = z.infer<typeof FollowupHeader>;

/** Consecutive words shared with the protected texts that count as revealing them. */
export const LEAK_NGRAM = 8;
const HEADER_MAX_CHARS = 800;

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export function ngrams(text: string, n = LEAK_NGRAM): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(" "));
  return out;
}

/** Ends the JSON object that starts at `from`, or returns -1 while it is still incomplete. */
function jsonEnd(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

const LEADING_JUNK = /^(\s|```[a-z]*|["'\u201c])+/;
const TRAILING_JUNK = /(\s|```|["'\u201d])+$/;

export class FollowupStreamParser {
  private buffer = "";
  private bodyStart = -1;
  private released = 0;
  header: FollowupHeader | null = null;

  constructor(
    /** Throws an LlmFailure when the decision names ids the question does not have. */
    private readonly validate: (header: FollowupHeader) => void,
    private readonly protectedNgrams: ReadonlySet<string>,
    private readonly holdBackWords = LEAK_NGRAM - 1,
  ) {}

  /** Adds streamed text; returns the part of the follow-up that is now safe to show. */
  push(chunk: string): string {
    this.buffer += chunk;
    if (!this.header && !this.readHeader()) return "";
    if (this.header?.action !== "follow-up") return "";
    return this.release(false);
  }

  /** Call when the stream ends; returns the rest of the text and the complete follow-up. */
  end(): { header: FollowupHeader; rest: string; text: string } {
    if (!this.header && !this.readHeader(true)) {
      throw new LlmFailure("malformed", "malformed output: the reply has no decision line");
    }
    const header = this.header as FollowupHeader;
    if (header.action !== "follow-up") return { header, rest: "", text: "" };
    const rest = this.release(true);
    const text = this.body().slice(0, this.released);
    if (!text.trim()) throw new LlmFailure("malformed", "malformed output: the follow-up has no question text");
    return { header, rest, text };
  }

  private readHeader(final = false): boolean {
    const start = this.buffer.search(/\S/);
    if (start < 0) return false;
    const head = this.buffer.slice(start);
    const fenced = /^```[a-z]*\s*/i.exec(head);
    const open = start + (fenced ? fenced[0].length : 0);
    if (fenced && open >= this.buffer.length) return false;
    if (this.buffer[open] !== "{") {
      if (fenced && !final && this.buffer.slice(open).trim() === "") return false;
      throw new LlmFailure("malformed", "malformed output: the reply does not start with the decision line");
    }
    const end = jsonEnd(this.buffer, open);
    if (end < 0) {
      if (final || this.buffer.length - open > HEADER_MAX_CHARS) {
        throw new LlmFailure("malformed", "malformed output: the decision line is not complete JSON");
      }
      return false;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.buffer.slice(open, end));
    } catch {
      throw new LlmFailure("malformed", "malformed output: the decision line is not valid JSON");
    }
    const header = FollowupHeader.safeParse(parsed);
    if (!header.success) throw new LlmFailure("malformed", "malformed output: the decision line lacks a valid action");
    this.validate(header.data);
    this.header = header.data;
    this.bodyStart = end;
    return true;
  }

  private body(): string {
    return this.buffer.slice(this.bodyStart).replace(LEADING_JUNK, "");
  }

  private release(final: boolean): string {
    const body = this.body();
    for (const gram of ngrams(body)) {
      if (this.protectedNgrams.has(gram)) {
        throw new LlmFailure("unsafe-output", "unsafe output: the follow-up repeated the model answer or a key point");
      }
    }
    let upTo: number;
    if (final) {
      upTo = body.replace(TRAILING_JUNK, "").length;
    } else {
      // Hold back the last few words: they may be the start of a copied passage.
      const starts = [...body.matchAll(/\S+/g)].map((m) => m.index ?? 0);
      upTo = starts.length > this.holdBackWords ? (starts[starts.length - this.holdBackWords] as number) : 0;
    }
    if (upTo <= this.released) return "";
    const out = body.slice(this.released, upTo);
    this.released = upTo;
    return out;
  }
}
