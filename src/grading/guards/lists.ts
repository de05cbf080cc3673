import { tokenize } from "../../text/tokens.ts";
import type { ExchangeTurn } from "../types.ts";
import type { SignalSpan } from "./spans.ts";

/**
 * Stretches that list terms instead of saying something: ten or more content words with almost
 * no function words between two sentence ends. Cut only at real sentence ends, so that the tail
 * of a long list is caught with the rest of it.
 */
export function listSpans(exchange: readonly ExchangeTurn[]): SignalSpan[] {
  const out: SignalSpan[] = [];
  for (const turn of exchange) {
    for (const m of turn.answer.matchAll(/[^.!?\n]+/g)) {
      const tokens = tokenize(m[0]);
      const content = tokens.filter((t) => !t.stop).length;
      if (content >= 10 && (tokens.length - content) / tokens.length < 0.18) {
        const start = m.index ?? 0;
        out.push({
          turnId: turn.turnId,
          start,
          end: start + m[0].length,
          why: "a list of terms rather than sentences",
        });
      }
    }
  }
  return out;
}

/**
 * Words that make a clause a statement: a subject or a finite auxiliary. A phrase without any
 * ("fits the noise in", "gap between training loss") names something but asserts nothing.
 */
const CLAUSE_WORDS = new Set(
  `i we you it they he she this there is are was were be been am has have had do does did can could will would
should may might must i'd i'll i'm i've it's we'd we'll we're we've you'd you're they're that's there's because
which means makes causes gives lets`.split(/\s+/),
);

/** Items longer than this are read as sentences even without a clause word. */
const MAX_FRAGMENT_WORDS = 8;
/** Items this short are phrases even with a subject ("I compared the features"). */
const MAX_CLAUSE_FRAGMENT_WORDS = 4;
/** A run of this many short phrases in a row is a list, however many function words pad it. */
const MIN_RUN = 4;

/**
 * Lists of short phrases: four or more comma-, line- or bullet-separated items in a row, each a
 * few words long and none a clause. Function words do not hide them, unlike term lists.
 */
export function fragmentSpans(
  exchange: readonly ExchangeTurn[],
  bankWording: ReadonlySet<string> = new Set(),
): SignalSpan[] {
  const out: SignalSpan[] = [];
  for (const turn of exchange) {
    let run: { start: number; end: number; content: number; items: number } | null = null;
    const close = () => {
      if (run && run.items >= MIN_RUN && run.content >= 10) {
        out.push({
          turnId: turn.turnId,
          start: run.start,
          end: run.end,
          why: "a list of short phrases rather than sentences",
        });
      }
      run = null;
    };
    for (const m of turn.answer.matchAll(/[^,;\n.!?•|]+/g)) {
      const tokens = tokenize(m[0]);
      if (tokens.length === 0) continue;
      // Code is not a phrase list, though it has no clauses either.
      if (/[=()[\]{}`_<>]/.test(m[0])) {
        close();
        continue;
      }
      // A subject does not make a phrase cut from the bank's own wording a sentence of the candidate's.
      const content = tokens.filter((t) => !t.stop);
      const cut = content.length > 0 && content.every((t) => bankWording.has(t.stem));
      const fragment =
        tokens.length <= MAX_CLAUSE_FRAGMENT_WORDS ||
        (tokens.length <= MAX_FRAGMENT_WORDS && (cut || !tokens.some((t) => CLAUSE_WORDS.has(t.word))));
      if (!fragment) {
        close();
        continue;
      }
      const start = (m.index ?? 0) + (tokens[0]?.start ?? 0);
      const end = (m.index ?? 0) + (tokens[tokens.length - 1]?.end ?? 0);
      if (run) {
        run.end = end;
        run.content += content.length;
        run.items++;
      } else run = { start, end, content: content.length, items: 1 };
    }
    close();
  }
  return out;
}
