import type { Question } from "../../content/schema.ts";
import type { TermWeights } from "../../text/idf.ts";
import { sentenceSpans } from "../../text/sentences.ts";
import { contentStems } from "../../text/tokens.ts";
import { countWords } from "../../text/words.ts";
import type { ExchangeTurn } from "../types.ts";
import { overlapsAny, type SignalSpan } from "./spans.ts";

/** Stems with an idf below this occur in most questions ("model", "data") and show no topic. */
const GENERIC_IDF = 2;
/** A sentence on the question's topic uses at least this many of its distinctive terms. */
const ON_TOPIC_TERMS = 2;

/**
 * A question's own vocabulary, kept per question version: the wording of its key points (what a
 * phrase list cut from the bank reuses) and its distinctive terms (what on-topic talk uses).
 */
export class QuestionVocabulary {
  private readonly topics = new Map<string, Set<string>>();
  private readonly wording = new Map<string, Set<string>>();

  constructor(private readonly weights: TermWeights) {}

  /** Share of the words in sentences that use none of the question's distinctive vocabulary. */
  fillerShare(question: Question, exchange: readonly ExchangeTurn[], skip: readonly SignalSpan[]): number {
    const topic = this.topicOf(question);
    let words = 0;
    let filler = 0;
    for (const turn of exchange) {
      for (const span of sentenceSpans(turn.answer)) {
        if (overlapsAny(turn.turnId, span.start, span.end, skip)) continue;
        const n = countWords(span.text);
        words += n;
        if (new Set(contentStems(span.text).filter((s) => topic.has(s))).size < ON_TOPIC_TERMS) filler += n;
      }
    }
    return words === 0 ? 0 : filler / words;
  }

  /** Share of the content words in the spans that the question's key points use. */
  bankWordingShare(question: Question, exchange: readonly ExchangeTurn[], spans: readonly SignalSpan[]): number {
    const wording = this.wordingOf(question);
    const stems = spans.flatMap((s) => {
      const turn = exchange.find((t) => t.turnId === s.turnId);
      return turn ? contentStems(turn.answer.slice(s.start, s.end)) : [];
    });
    return stems.length === 0 ? 0 : stems.filter((s) => wording.has(s)).length / stems.length;
  }

  /** Content stems of the question's key points: their text, phrasings and explains. */
  wordingOf(question: Question): Set<string> {
    const key = `${question.id}@${question.version}`;
    let wording = this.wording.get(key);
    if (!wording) {
      wording = new Set(
        question.keyPoints.flatMap((k) => [k.text, ...k.phrasings, ...(k.explains ?? [])].flatMap(contentStems)),
      );
      this.wording.set(key, wording);
    }
    return wording;
  }

  topicOf(question: Question): Set<string> {
    const key = `${question.id}@${question.version}`;
    let topic = this.topics.get(key);
    if (!topic) {
      const text = [
        question.text,
        question.modelAnswer,
        ...question.keyPoints.flatMap((k) => [k.text, ...k.phrasings, ...(k.explains ?? [])]),
      ].join("\n");
      topic = new Set(contentStems(text).filter((s) => this.weights.idf(s) >= GENERIC_IDF));
      this.topics.set(key, topic);
    }
    return topic;
  }
}
