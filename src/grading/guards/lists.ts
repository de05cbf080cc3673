import { type Token, tokenize } from "../../text/tokens.ts";
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
 * Words that make a stretch a clause: a subject, a finite auxiliary, or a connective that gives a
 * reason or a condition. A phrase without any ("fits the noise in", "the gap between training
 * loss") names something but asserts nothing.
 */
const CLAUSE_WORDS = new Set(
  `i we you it they he she this there is are was were be been am has have had do does did can could will would
should may might must i'd i'll i'm i've it's we'd we'll we're we've you'd you're they're that's there's isn't
aren't wasn't weren't don't doesn't didn't can't won't because since so which when whenever while if once unless
whereas although though therefore hence who means makes causes gives lets`.split(/\s+/),
);

/** Words a verb's object or complement starts with; after a noun, a plural noun is seldom followed by one. */
const OBJECT_STARTS = new Set(
  `a an the its their his her our your my this these those some many most all every each no any more fewer less
much both it them us him me`.split(/\s+/),
);
/** Words that continue a noun phrase although the stop-word list does not name them. */
const NOUN_PHRASE_LINKS = new Set(
  `versus vs across along around beyond toward towards including plus minus instead inside outside near despite
except besides alongside onto throughout unlike per`.split(/\s+/),
);
/** Content words ending in -s that are not verbs. */
const NOT_VERB_S = /(?:ss|us|is|as|ics|ous|series|species)$/;
/** Words that relate a verb to a subject already named ("the loss that keeps falling"). */
const RELATIVES = new Set(["that", "which", "who"]);

/**
 * True when the words hold a finite verb with a subject before it: a content word ending in -s
 * ("L1 pushes", "labels arrive") or -ed ("the team shipped the model") after a noun or a relative
 * pronoun, followed by its object or complement. Morphology only, so it is cheap; it misses
 * irregular pasts, which a clause with a pronoun or an auxiliary catches instead.
 */
function hasFiniteVerb(text: string, tokens: readonly Token[]): boolean {
  for (let i = 1; i + 1 < tokens.length; i++) {
    const w = tokens[i] as Token;
    const prev = tokens[i - 1] as Token;
    const next = tokens[i + 1] as Token;
    if (w.stop || NOUN_PHRASE_LINKS.has(w.word)) continue;
    if (prev.stop && !RELATIVES.has(prev.word)) continue;
    // The verb and what follows it are one phrase: no punctuation between them ("Key points: the ...").
    if (/\S/.test(text.slice(w.end, next.start))) continue;
    const objectNext = OBJECT_STARTS.has(next.word);
    if (w.word.length >= 4 && w.word.endsWith("s") && !NOT_VERB_S.test(w.word)) {
      if (objectNext || !(next.stop || NOUN_PHRASE_LINKS.has(next.word))) return true;
    } else if (w.word.length >= 5 && w.word.endsWith("ed") && objectNext) return true;
  }
  return false;
}

/**
 * True when a content word takes an object right after it ("give the team", "found the shift",
 * "asked them"): a noun is followed by a preposition, a verb by its object. In a long item that is
 * a sentence with its subject left out ("Compared the histograms and found the shift"), not a name.
 */
function takesObject(text: string, tokens: readonly Token[]): boolean {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const w = tokens[i] as Token;
    const next = tokens[i + 1] as Token;
    if (w.stop || NOUN_PHRASE_LINKS.has(w.word) || !OBJECT_STARTS.has(next.word)) continue;
    if (/^\s+$/.test(text.slice(w.end, next.start))) return true;
  }
  return false;
}

/** An item this long with a verb and its object is a sentence without its subject. */
const MIN_SUBJECTLESS_WORDS = 8;

/** True when a phrase states something: a clause word, a finite verb with its subject, or a long verb phrase. */
export function isClause(text: string, tokens: readonly Token[] = tokenize(text)): boolean {
  return (
    tokens.some((t) => CLAUSE_WORDS.has(t.word)) ||
    hasFiniteVerb(text, tokens) ||
    (tokens.length >= MIN_SUBJECTLESS_WORDS && takesObject(text, tokens))
  );
}

/** Items longer than this are read as sentences even without a clause. */
const MAX_FRAGMENT_WORDS = 12;
/** A heading before a colon this short introduces the list ("Key points:", "Things I'd consider:"). */
const MAX_HEADING_WORDS = 5;
/** A phrase cut from the bank's wording is a fragment up to this length, even with a subject ("I compared the features"). */
const MAX_CUT_WORDS = 8;
/** A run of this many short phrases in a row is a list, however many function words pad it. */
const MIN_RUN = 4;

/**
 * Lists of short phrases: four or more comma-, semicolon-, line- or bullet-separated items in a
 * row, each a few words long and none a clause (no subject with a verb, no auxiliary, no
 * connective such as "because" or "which"). Articles and prepositions do not make a phrase a
 * sentence: "the variance on new data" names a thing and says nothing about it. An intro ending
 * in a colon ("Things I'd consider:") is a heading, not an item.
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
      let at = m.index ?? 0;
      let item = m[0];
      const colon = item.indexOf(":");
      if (colon >= 0 && tokenize(item.slice(0, colon)).length <= MAX_HEADING_WORDS) {
        at += colon + 1;
        item = item.slice(colon + 1);
      }
      const tokens = tokenize(item);
      if (tokens.length === 0) continue;
      // Code is not a phrase list, though it has no clauses either.
      if (/[=()[\]{}`_<>]/.test(item)) {
        close();
        continue;
      }
      // A subject does not make a phrase cut from the bank's own wording a sentence of the candidate's.
      const content = tokens.filter((t) => !t.stop);
      const cut = content.length > 0 && content.every((t) => bankWording.has(t.stem));
      // Hesitations ("um", "like") between commas are neither phrases nor sentences.
      if (tokens.every((t) => HESITATIONS.has(t.word))) continue;
      const fragment =
        (tokens.length <= MAX_CUT_WORDS && cut) || (tokens.length <= MAX_FRAGMENT_WORDS && !isClause(item, tokens));
      if (!fragment) {
        close();
        continue;
      }
      const start = at + (tokens[0]?.start ?? 0);
      const end = at + (tokens[tokens.length - 1]?.end ?? 0);
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

const ARTICLES = new Set(["a", "an", "the"]);
/** Words an article cannot be followed by: a preposition, a conjunction, an auxiliary or a subject. */
const NOT_AFTER_ARTICLE = new Set(
  `a an the of with within for from to by at into onto through during without via per between among against
before after upon until and or but nor is are was were be been has have had do does did can could will would
should may might must i we you it they he she`.split(/\s+/),
);
/** Prepositions that take a noun phrase, never another of these right after them. */
const PREPOSITIONS = new Set(
  "of with within for from to into onto through during without via per between among against before after until".split(
    " ",
  ),
);
const PREPOSITION_PAIRS_OK = new Set([
  "from within",
  "to within",
  "from between",
  "from among",
  "from before",
  "until after",
]);
const CONJUNCTIONS = new Set(["and", "or", "but", "nor"]);
const FILLERS = new Set(["um", "uh", "er", "ah", "erm", "hmm"]);
const HESITATIONS = new Set([
  ...FILLERS,
  "like",
  "so",
  "yeah",
  "okay",
  "ok",
  "well",
  "basically",
  "actually",
  "honestly",
]);
/** Words a conjunction cannot follow: another conjunction, "also", a bare "that" or a copula with nothing after it. */
const JOINED_BEFORE_CONJUNCTION = new Set(["and", "or", "but", "nor", "also", "that", "is", "are"]);
/** Words after which an article left at a comma is a spoken restart, not a broken phrase. */
const RESTARTS = new Set(["a", "an", "the", "like", "you", "i", "well", "say", "sort", "kind", "so"]);

/**
 * Joins where one phrase was broken off and the next begun: an article followed by a function
 * word ("the of", "a with"), two prepositions ("within with", "before of"), two conjunctions
 * ("and also or"), or an article left hanging at a comma or line end. Fluent prose, spoken
 * restarts included ("the, um, the model"), has next to none.
 */
export function brokenJoins(text: string, tokens: readonly Token[] = tokenize(text)): number {
  let n = 0;
  const words = tokens.filter((t) => !FILLERS.has(t.word));
  for (let i = 0; i < words.length; i++) {
    const a = words[i] as Token;
    const b = words[i + 1];
    const gap = b ? text.slice(a.end, b.start) : "";
    // "A/B", "to-do", "the the": not joins of two phrases.
    if (b && (a.word === b.word || /^[-/]/.test(text.slice(b.end)) || /^[-/]/.test(gap))) continue;
    if (ARTICLES.has(a.word)) {
      // Hanging at a comma, semicolon or line end, unless the speaker restarts ("a, like, a data contract").
      if (!b || /^[ \t]*[,;\n]/.test(gap)) {
        if (!(b && RESTARTS.has(b.word))) n++;
      } else if (/^\s+$/.test(gap) && NOT_AFTER_ARTICLE.has(b.word)) n++;
      continue;
    }
    if (!b || !/^\s+$/.test(gap)) continue;
    if (PREPOSITIONS.has(a.word) && PREPOSITIONS.has(b.word) && !PREPOSITION_PAIRS_OK.has(`${a.word} ${b.word}`)) n++;
    else if (JOINED_BEFORE_CONJUNCTION.has(a.word) && CONJUNCTIONS.has(b.word)) n++;
  }
  return n;
}

/** A stretch with this many broken joins is phrases run together, whatever its commas. */
const MIN_BROKEN_JOINS = 3;
/** ... provided they are this dense: at least one per this many words. */
const WORDS_PER_BROKEN_JOIN = 25;

/**
 * Phrases run together into one long "sentence" with function words between them ("define churn
 * as cancelling within with the pick a prediction horizon that and also ..."): a stretch between
 * sentence ends with several broken joins is a phrase list however it is punctuated.
 */
export function runTogetherSpans(exchange: readonly ExchangeTurn[]): SignalSpan[] {
  const out: SignalSpan[] = [];
  for (const turn of exchange) {
    for (const m of turn.answer.matchAll(/[^.!?\n]+/g)) {
      const tokens = tokenize(m[0]);
      const broken = brokenJoins(m[0], tokens);
      if (broken >= MIN_BROKEN_JOINS && broken * WORDS_PER_BROKEN_JOIN >= tokens.length) {
        const at = m.index ?? 0;
        out.push({
          turnId: turn.turnId,
          start: at + (tokens[0]?.start ?? 0),
          end: at + (tokens[tokens.length - 1]?.end ?? 0),
          why: "phrases run together without sentences",
        });
      }
    }
  }
  return out;
}
