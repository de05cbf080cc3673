import type { Level, Question } from "../content/schema.ts";
import type { TermWeights } from "../text/idf.ts";
import { type DetectedLanguage, detectLanguage } from "../text/language.ts";
import { countWords } from "../text/words.ts";
import type { ModelAnswerIndex } from "./guards/copies.ts";
import { recitedKeyPoints } from "./guards/copies.ts";
import { fragmentSpans, listSpans, runTogetherSpans } from "./guards/lists.ts";
import { paddingWordLimit } from "./guards/padding.ts";
import { duplicateSpans } from "./guards/repetition.ts";
import { restatesQuestion } from "./guards/restated.ts";
import { mergedSpans, type SignalSpan, shareOfWords } from "./guards/spans.ts";
import { type SteeringSpan, steeringSpans } from "./guards/steering.ts";
import { stitchedSpans } from "./guards/stitched.ts";
import { QuestionVocabulary } from "./guards/vocabulary.ts";
import type { ExchangeTurn } from "./types.ts";

export { listSpans, restatesQuestion, type SteeringSpan, steeringSpans };

export type GuardKind =
  | "steering"
  | "restated-question"
  | "keyword-list"
  | "phrase-list"
  | "recited-key-points"
  | "pasted-model-answer"
  | "repetition"
  | "padding";

/** A rule that fired on an answer: the highest level it allows and the reason shown to the candidate. */
export interface Guard {
  kind: GuardKind;
  cap: Level;
  reason: string;
}

/** What the shared guards found in one thread of answers; both graders act on it. */
export interface AnswerSignals {
  language: DetectedLanguage;
  /** Text addressed to the grader: never evidence. */
  steering: SignalSpan[];
  /** Repeats of earlier sentences: graded once, as if the repeats were not there. */
  duplicates: SignalSpan[];
  /** Bare lists of terms: a fifth of the weight of a sentence. */
  lists: SignalSpan[];
  /** Phrase lists, recited key points and copied model-answer text: they may name a point, never explain it. */
  namingOnly: SignalSpan[];
  /** Lists of short phrases cut from the bank's wording (when the phrase-list guard fired): naming a point there earns nothing. */
  phraseLists: SignalSpan[];
  restated: boolean;
  guards: Guard[];
  /** The lowest cap of all guards that fired; 4 when none did. */
  cap: Level;
  /** Notes on what was set aside without capping (a few repeated sentences). */
  notes: string[];
  /** Words left to grade once repeats and text addressed to the grader are set aside. */
  gradedWords: number;
}

/** Share of an answer's words that must be phrase or term lists before the whole answer is capped. */
const LIST_SHARE_CAP = 0.5;
/** The same for phrase lists in the candidate's own words, not cut from the bank's wording. */
const OWN_PHRASE_LIST_SHARE_CAP = 2 / 3;
/** A term list this complete has no sentences at all. */
const LIST_ONLY_SHARE = 0.85;
/** Repeats above this share of the words cap the answer; fewer are set aside with a note. */
const REPEAT_SHARE_CAP = 0.3;
/** Off-topic talk above this share of a long answer is padding. */
const FILLER_SHARE_CAP = 0.6;
const FILLER_MIN_WORDS = 300;
/**
 * Phrase lists cut from the bank's own wording (key points, phrasings, explains) are capped from
 * half the answer and earn nothing where they name a point; a list in the candidate's own phrases
 * is capped from two thirds (OWN_PHRASE_LIST_SHARE_CAP) and may still name a point.
 */
const BANK_WORDING_SHARE = 0.93;
/** Share of an answer's words in runs copied from the key points' wording that makes it stitched from the bank. */
const STITCHED_SHARE = 0.65;
/** Longer than this many words per guideline minute, off-topic talk counts as padding sooner. */
const LONG_WORDS_PER_MINUTE = 150;
const LONG_FILLER_SHARE_CAP = 0.35;

const percent = (x: number) => `${Math.round(x * 100)}%`;

export interface AnswerGuardsOptions {
  modelAnswers: ModelAnswerIndex;
  weights: TermWeights;
}

/**
 * The guards both graders share. Each finds a way an answer can look better than it is, and
 * caps what the answer can earn with a reason worded for the candidate.
 */
export class AnswerGuards {
  private readonly vocabulary: QuestionVocabulary;

  constructor(private readonly opts: AnswerGuardsOptions) {
    this.vocabulary = new QuestionVocabulary(opts.weights);
  }

  assess(question: Question, exchange: readonly ExchangeTurn[]): AnswerSignals {
    const text = exchange.map((t) => t.answer).join("\n");
    const language = detectLanguage(text);
    const steering = steeringSpans(exchange);
    const duplicates = duplicateSpans(exchange, steering);
    const setAside = [...steering, ...duplicates];
    const restated = restatesQuestion(exchange, question.text);
    const lists = listSpans(exchange).filter((l) => !duplicates.some((d) => d.start <= l.start && l.end <= d.end));
    // Phrases judged by their grammar alone, and with pieces of the bank's wording counted as phrases
    // even where they keep a subject: the two ways a phrase list is capped (phraseListIn).
    const runTogether = runTogetherSpans(exchange);
    const ownPhrases = [...fragmentSpans(exchange), ...runTogether];
    const bankPhrases = [...fragmentSpans(exchange, this.vocabulary.wordingOf(question)), ...runTogether];
    const recitals = recitedKeyPoints(exchange, question, setAside);
    const copied = this.opts.modelAnswers.copied(exchange, setAside);
    const guards: Guard[] = [];
    const notes: string[] = [];
    // The shares below count the same answers and spans again and again; segmenting is the cost.
    const cache = new Map<string, number>();
    const words = (t: string) => cache.get(t) ?? cache.set(t, countWords(t)).get(t) ?? 0;
    const total = exchange.reduce((a, t) => a + words(t.answer), 0);
    const removed = shareOfWords(exchange, duplicates, words);
    const gradedWords = Math.round(total * (1 - shareOfWords(exchange, setAside, words)));

    if (restated) guards.push({ kind: "restated-question", cap: 1, reason: "the answer restates the question" });
    if (steering.length > 0) {
      const why = [...new Set(steering.map((s) => s.why))].join("; ");
      guards.push({
        kind: "steering",
        cap: 2,
        reason: `the answer contains text addressed to the grader (${why}), which was ignored`,
      });
    }
    const listShare = shareOfWords(exchange, lists, words);
    if (listShare >= LIST_ONLY_SHARE) {
      guards.push({
        kind: "keyword-list",
        cap: 1,
        reason: "the answer is a list of terms, with no sentences that explain them",
      });
    } else if (listShare >= LIST_SHARE_CAP) {
      guards.push({
        kind: "keyword-list",
        cap: 2,
        reason: "most of the answer is a list of terms rather than sentences",
      });
    }
    const phraseList = guards.some((g) => g.kind === "keyword-list")
      ? null
      : this.phraseListIn(question, exchange, lists, ownPhrases, bankPhrases, setAside, words);
    if (phraseList) {
      guards.push({
        kind: "phrase-list",
        cap: 2,
        reason: phraseList.stitched
          ? "most of the answer strings together pieces of the question's published key points; pieces can name a point but not explain it"
          : "most of the answer is a list of short phrases; phrases can name a point but not explain it",
      });
    }
    const recitedShare = shareOfWords(
      exchange,
      recitals.map((r) => r.span),
      words,
    );
    if (recitals.length >= 2 || (recitals.length === 1 && recitedShare >= 0.5)) {
      guards.push({
        kind: "recited-key-points",
        cap: 2,
        reason:
          `the answer repeats ${recitals.length} of the question's published key points almost word for word; ` +
          "reciting them is not explaining them",
      });
    }
    if (copied) {
      const whose =
        copied.questionId === question.id ? "this question's model answer" : "the model answer of another question";
      guards.push({
        kind: "pasted-model-answer",
        cap: 2,
        reason: `the answer copies ${percent(copied.share)} of ${whose} from the public question bank`,
      });
    }
    if (removed >= REPEAT_SHARE_CAP) {
      guards.push({
        kind: "repetition",
        cap: 2,
        reason: `the answer repeats itself (${percent(removed)} of it is repeated sentences); it was graded once, without the repeats`,
      });
    } else if (duplicates.length > 0) {
      notes.push(
        `${duplicates.length} repeated sentence${duplicates.length === 1 ? " was" : "s were"} graded once, without the repeats.`,
      );
    }
    const minutes = question.timeGuidelineMinutes;
    if (gradedWords > paddingWordLimit(minutes)) {
      guards.push({
        kind: "padding",
        cap: 2,
        reason: `the answer runs to ${gradedWords} words, far more than a ${minutes}-minute question allows`,
      });
    } else if (gradedWords >= FILLER_MIN_WORDS) {
      const filler = this.vocabulary.fillerShare(question, exchange, setAside);
      const long = gradedWords > LONG_WORDS_PER_MINUTE * minutes;
      if (filler >= FILLER_SHARE_CAP || (long && filler >= LONG_FILLER_SHARE_CAP)) {
        guards.push({
          kind: "padding",
          cap: 2,
          reason: `most of the answer (${percent(filler)}) is talk unrelated to the question`,
        });
      }
    }
    // Phrases cut from the bank's own wording earn nothing where they name a point; a candidate's
    // own phrases may name it (partly covered), never explain it.
    const namingOnly = [...(phraseList?.spans ?? []), ...recitals.map((r) => r.span), ...(copied?.spans ?? [])];
    const cap = guards.reduce<number>((m, g) => Math.min(m, g.cap), 4) as Level;
    return {
      language,
      steering,
      duplicates,
      lists,
      namingOnly,
      phraseLists: phraseList?.cutFromBank ? phraseList.spans : [],
      restated,
      guards,
      cap,
      notes,
      gradedWords,
    };
  }

  /**
   * A phrase list is capped when it makes up most of the answer: two thirds of its words in
   * phrases by their grammar (a sentence or two around terse notes is still an answer), or half
   * when the phrases are cut from the bank's own wording; an answer stitched from runs of the key
   * points' wording counts as cut from the bank whatever glues the runs. Returns the phrases, or null.
   */
  private phraseListIn(
    question: Question,
    exchange: readonly ExchangeTurn[],
    lists: readonly SignalSpan[],
    own: readonly SignalSpan[],
    bank: readonly SignalSpan[],
    setAside: readonly SignalSpan[],
    words: (t: string) => number,
  ): { spans: SignalSpan[]; cutFromBank: boolean; stitched?: boolean } | null {
    const share = (spans: readonly SignalSpan[]) => shareOfWords(exchange, mergedSpans([...lists, ...spans]), words);
    const cutFromBank = this.vocabulary.bankWordingShare(question, exchange, bank) >= BANK_WORDING_SHARE;
    if (cutFromBank && share(bank) >= LIST_SHARE_CAP) return { spans: [...bank], cutFromBank };
    const stitched = stitchedSpans(exchange, question, setAside);
    if (shareOfWords(exchange, stitched, words) >= STITCHED_SHARE) {
      return { spans: stitched, cutFromBank: false, stitched: true };
    }
    if (share(own) >= OWN_PHRASE_LIST_SHARE_CAP) {
      return {
        spans: [...own],
        cutFromBank: this.vocabulary.bankWordingShare(question, exchange, own) >= BANK_WORDING_SHARE,
      };
    }
    return null;
  }
}
