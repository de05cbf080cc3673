import type { Question } from "../../content/schema.ts";
import { sentenceSpans } from "../../text/sentences.ts";
import { contentStems, stemsMatch } from "../../text/tokens.ts";
import type { ExchangeTurn } from "../types.ts";
import { overlapsAny, type SignalSpan } from "./spans.ts";

/** Length of the longest common subsequence of two stem sequences. */
function lcs(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      row[j] = stemsMatch(a[i - 1] as string, b[j - 1] as string)
        ? (prev[j - 1] as number) + 1
        : Math.max(prev[j] as number, row[j - 1] as number);
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** Runs of this many words in a row: the unit both copy checks compare. */
export const SHINGLE = 3;
export const shingles = (stems: readonly string[]) => {
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= stems.length; i++) out.add(stems.slice(i, i + SHINGLE).join(" "));
  return out;
};

interface RecitablePoint {
  id: string;
  stems: string[];
  runs: Set<string>;
}

/** Key points' stems and runs, prepared once per question rather than for every answer. */
const recitable = new WeakMap<Question, RecitablePoint[]>();

function recitablePoints(question: Question): RecitablePoint[] {
  let points = recitable.get(question);
  if (!points) {
    points = question.keyPoints.map((kp) => {
      const stems = contentStems(kp.text);
      return { id: kp.id, stems, runs: shingles(stems) };
    });
    recitable.set(question, points);
  }
  return points;
}

/** Share of a key point's words, in its order, that a sentence must repeat to count as a recital. */
const RECITED_SHARE = 0.75;

export interface Recital {
  keyPointId: string;
  span: SignalSpan;
}

/**
 * Sentences that repeat a key point's own text almost word for word (in order, with at most a
 * few words changed or added). The key points are published with the bank.
 */
export function recitedKeyPoints(
  exchange: readonly ExchangeTurn[],
  question: Question,
  skip: readonly SignalSpan[] = [],
): Recital[] {
  const points = recitablePoints(question);
  const out: Recital[] = [];
  for (const turn of exchange) {
    const spans = sentenceSpans(turn.answer).filter((s) => !overlapsAny(turn.turnId, s.start, s.end, skip));
    // A key point's text can run over two of the answer's sentences, so pairs are tried too.
    const windows = spans.flatMap((s, i) => {
      const next = spans[i + 1];
      return next ? [s, { start: s.start, end: next.end, text: turn.answer.slice(s.start, next.end) }] : [s];
    });
    for (const w of windows) {
      const stems = contentStems(w.text);
      let runs: Set<string> | null = null;
      for (const p of points) {
        if (p.stems.length < 4 || stems.length > p.stems.length * 1.5 + 3) continue;
        if (out.some((r) => r.keyPointId === p.id)) continue;
        runs ??= shingles(stems);
        const own = runs;
        const shared = [...p.runs].filter((r) => own.has(r)).length;
        if (shared >= 0.5 * p.runs.size && lcs(p.stems, stems) >= RECITED_SHARE * p.stems.length) {
          out.push({
            keyPointId: p.id,
            span: { turnId: turn.turnId, start: w.start, end: w.end, why: "repeats a key point of the question" },
          });
        }
      }
    }
  }
  return out;
}

const CODE_BLOCK = /```[\s\S]*?(?:```|$)/g;

/** Share of a model answer's three-word runs that an answer repeats for it to count as copied. */
export const COPIED_SHARE = 0.35;
/** A sentence whose three-word runs come mostly from a model answer is copied text. */
const COPIED_SENTENCE_SHARE = 0.6;

export interface ModelAnswerText {
  questionId: string;
  text: string;
}

export interface CopiedModelAnswer {
  questionId: string;
  /** Share of the model answer's runs of three content words found in the answer. */
  share: number;
  spans: SignalSpan[];
}

/** The bank's model answers, prepared once, to recognise an answer pasted from any of them. */
export class ModelAnswerIndex {
  private readonly answers: { questionId: string; runs: Set<string>; prose: Set<string> }[];
  /** For each run, the model answers (by index) whose runs, and whose prose, hold it. */
  private readonly holders = new Map<string, { runs: number[]; prose: number[] }>();

  constructor(modelAnswers: readonly ModelAnswerText[]) {
    // The prose is measured apart too: pasting a coding answer's explanation without its code is still a copy.
    this.answers = modelAnswers.map((m) => ({
      questionId: m.questionId,
      runs: shingles(contentStems(m.text)),
      prose: shingles(contentStems(m.text.replace(CODE_BLOCK, " "))),
    }));
    const holder = (r: string) => {
      let h = this.holders.get(r);
      if (!h) {
        h = { runs: [], prose: [] };
        this.holders.set(r, h);
      }
      return h;
    };
    this.answers.forEach((m, i) => {
      for (const r of m.runs) holder(r).runs.push(i);
      for (const r of m.prose) holder(r).prose.push(i);
    });
  }

  /** The model answer the exchange copies most of, when it copies enough of one to matter. */
  copied(exchange: readonly ExchangeTurn[], skip: readonly SignalSpan[] = []): CopiedModelAnswer | null {
    const sentences = exchange.flatMap((turn) =>
      sentenceSpans(turn.answer)
        .filter((s) => !overlapsAny(turn.turnId, s.start, s.end, skip))
        .map((s) => ({ turnId: turn.turnId, start: s.start, end: s.end, runs: shingles(contentStems(s.text)) })),
    );
    const all = new Set(sentences.flatMap((s) => [...s.runs]));
    if (all.size < 8) return null;
    // Counted from the runs' side: an answer shares runs with few of the bank's model answers.
    const sharedRuns = new Array<number>(this.answers.length).fill(0);
    const sharedProseRuns = new Array<number>(this.answers.length).fill(0);
    for (const r of all) {
      const h = this.holders.get(r);
      if (!h) continue;
      for (const i of h.runs) sharedRuns[i] = (sharedRuns[i] as number) + 1;
      for (const i of h.prose) sharedProseRuns[i] = (sharedProseRuns[i] as number) + 1;
    }
    let best: { questionId: string; runs: Set<string>; share: number } | null = null;
    for (const [i, m] of this.answers.entries()) {
      if (m.runs.size === 0) continue;
      const shared = sharedRuns[i] as number;
      const sharedProse = sharedProseRuns[i] as number;
      const share = Math.max(shared / m.runs.size, m.prose.size >= 8 ? sharedProse / m.prose.size : 0);
      if (share >= COPIED_SHARE && (!best || share > best.share)) best = { ...m, share };
    }
    if (!best) return null;
    const runs = best.runs;
    const spans = sentences
      .filter(
        (s) => s.runs.size > 0 && [...s.runs].filter((r) => runs.has(r)).length / s.runs.size >= COPIED_SENTENCE_SHARE,
      )
      .map((s) => ({ turnId: s.turnId, start: s.start, end: s.end, why: "copied from a model answer" }));
    return { questionId: best.questionId, share: best.share, spans };
  }
}
