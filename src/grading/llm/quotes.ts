import { countWords } from "../../text/words.ts";
import type { ExchangeTurn } from "../types.ts";

/** A quote found in an answer, with the candidate's exact characters and where they are. */
export interface LocatedQuote {
  quote: string;
  turnId: string;
  start: number;
  end: number;
}

export interface QuoteCheck {
  verified: LocatedQuote[];
  /** Quotes that occur in no answer, even forgiving case and whitespace. */
  invented: string[];
  /** Real but too short to show anything ("yes", "the model"); dropped, not held against the grade. */
  tooShort: string[];
}

/** Fewer words than this is not evidence, unless it is the whole answer. */
export const MIN_QUOTE_WORDS = 3;

const FOLD: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
  "\u00a0": " ",
};

/** Lower-cases, folds typographic quotes and dashes, collapses whitespace; map[i] is the source index. */
export function normalizeWithMap(text: string): { norm: string; map: number[] } {
  let norm = "";
  const map: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = FOLD[text[i] as string] ?? (text[i] as string);
    if (/\s/.test(ch)) {
      pendingSpace = norm.length > 0;
      continue;
    }
    if (pendingSpace) {
      norm += " ";
      map.push(i);
      pendingSpace = false;
    }
    norm += ch.toLowerCase();
    map.push(i);
  }
  return { norm, map };
}

const normalize = (text: string) => normalizeWithMap(text).norm;

/** Models wrap quotes in quote marks and trim them with ellipses or a full stop; none of that is invention. */
function fragmentsOf(raw: string): string[] {
  return raw
    .split(/\s*(?:\.\.\.|…|\[\.\.\.\])\s*/)
    .map((f) =>
      f
        .trim()
        .replace(/^["'`\u2018\u2019\u201c\u201d]+|["'`\u2018\u2019\u201c\u201d]+$/g, "")
        .trim(),
    )
    .filter((f) => f.length > 0);
}

const wordCount = countWords;

/** The fragment as given, else without the closing punctuation the model may have added. */
function locate(fragment: string, exchange: readonly ExchangeTurn[]): LocatedQuote | null {
  const bare = fragment.replace(/[.,;:!?]+$/, "");
  return locateExact(fragment, exchange) ?? (bare !== fragment ? locateExact(bare, exchange) : null);
}

function locateExact(fragment: string, exchange: readonly ExchangeTurn[]): LocatedQuote | null {
  const needle = normalize(fragment);
  if (!needle) return null;
  for (const turn of exchange) {
    const { norm, map } = normalizeWithMap(turn.answer);
    const at = norm.indexOf(needle);
    if (at < 0) continue;
    const start = map[at] as number;
    const end = (map[at + needle.length - 1] as number) + 1;
    return { quote: turn.answer.slice(start, end), turnId: turn.turnId, start, end };
  }
  return null;
}

/**
 * Checks each quote against the candidate's answers. A verified quote is replaced by the
 * candidate's own characters, so what the scorecard shows is always verbatim.
 */
export function verifyQuotes(quotes: readonly string[], exchange: readonly ExchangeTurn[]): QuoteCheck {
  const out: QuoteCheck = { verified: [], invented: [], tooShort: [] };
  const wholeAnswers = new Set(exchange.map((t) => normalize(t.answer).replace(/[.,;:!?]+$/, "")));
  for (const raw of quotes) {
    for (const fragment of fragmentsOf(raw)) {
      const found = locate(fragment, exchange);
      if (!found) out.invented.push(raw);
      else if (
        wordCount(fragment) < MIN_QUOTE_WORDS &&
        !wholeAnswers.has(normalize(found.quote).replace(/[.,;:!?]+$/, ""))
      ) {
        out.tooShort.push(raw);
      } else if (
        !out.verified.some((q) => q.turnId === found.turnId && q.start === found.start && q.end === found.end)
      ) {
        out.verified.push(found);
      }
      if (!found) break;
    }
  }
  return out;
}
