import type { Content } from "../../content/load.ts";
import type { Question, Rubric } from "../../content/schema.ts";
import { buildTermWeights, cosineSimilarity, type TermWeights } from "../../text/idf.ts";
import { EMPTY_LEXICON, type Lexicon } from "../../text/lexicon.ts";
import { contentStems } from "../../text/tokens.ts";
import { ModelAnswerIndex, type ModelAnswerText } from "../guards/copies.ts";
import { AnswerGuards, type AnswerSignals } from "../signals.ts";
import type {
  CompetencyScore,
  GradeInput,
  Grader,
  GraderInfo,
  GraderOutput,
  KeyPointResult,
  ReferenceGradeInput,
  ReferenceGradeOutput,
} from "../types.ts";
import { UngradableAnswer } from "../types.ts";
import { detectWeakSignals } from "../weak-signals.ts";
import { withoutCode } from "./code-shown.ts";
import { assessCommunication } from "./communication.ts";
import { improvementsOf, strengthsOf } from "./feedback.ts";
import { coverage, type KeyPointMatch, type KeyPointMatcher, keyPointMatcher } from "./keypoints.ts";
import { keyPointCompetency, toQuote, uniqueQuotes } from "./levels.ts";
import { gradeAgainstReference } from "./reference.ts";
import { answerWindows, type ExcludedSpan } from "./windows.ts";

export const OFFLINE_GRADER_VERSION = "offline-1.15.0";

export const OFFLINE_NOTICE =
  "Graded offline: no language model was used. The offline grader checks which of the question's key points your " +
  "words cover (after stemming, with alternative phrasings) and how close the answer is to the model answer. It " +
  "cannot judge whether your reasoning is correct, so treat it as a coverage check.";

export interface OfflineGraderOptions {
  /** Texts that define how rare (and so how telling) each term is; usually the whole question bank. */
  corpus?: readonly string[];
  /** Terms candidates use interchangeably, so an answer in other words still matches. */
  lexicon?: Lexicon;
  /** The bank's model answers, to recognise one pasted as an answer. */
  modelAnswers?: readonly ModelAnswerText[];
}

export function questionCorpus(questions: readonly Question[]): string[] {
  return questions.map((q) =>
    [q.text, q.modelAnswer, ...q.keyPoints.flatMap((k) => [k.text, ...k.phrasings, ...(k.explains ?? [])])].join("\n"),
  );
}

/** What the grader read in one thread of answers; shared by the interviewer's decision and the grade. */
interface Analysis {
  question: Question;
  exchange: { prompt: string; answer: string }[];
  signals: AnswerSignals;
  matches: KeyPointMatch[] | null;
}

/** Threads whose analysis is kept: enough for every candidate of a busy instance to have one awaiting its grade. */
const ANALYSES_KEPT = 1000;

/** A thread's turn ids are unique, its texts need not be: keyed by the turns, checked against the texts. */
const analysisKey = (question: Question, exchange: GradeInput["exchange"]) =>
  `${question.id}@${question.version}\u0000${exchange.map((t) => `${t.turnId}\u0000${t.kind}\u0000${t.targetKeyPointId ?? ""}`).join("\u0001")}`;

const sameTexts = (a: Analysis["exchange"], b: GradeInput["exchange"]) =>
  a.length === b.length && a.every((t, i) => t.answer === b[i]?.answer && t.prompt === b[i]?.prompt);

export class OfflineGrader implements Grader {
  private readonly weights: TermWeights;
  private readonly lexicon: Lexicon;
  private readonly guards: AnswerGuards;
  private readonly matchers = new Map<string, KeyPointMatcher>();
  /** Oldest first; bounded by ANALYSES_KEPT. */
  private readonly analyses = new Map<string, Analysis>();

  constructor(opts: OfflineGraderOptions = {}) {
    this.weights = buildTermWeights(opts.corpus ?? []);
    this.lexicon = opts.lexicon ?? EMPTY_LEXICON;
    this.guards = new AnswerGuards({
      modelAnswers: new ModelAnswerIndex(opts.modelAnswers ?? []),
      weights: this.weights,
    });
  }

  /** The grader every caller uses: term weights from the whole bank, its model answers, the lexicon. */
  static forContent(content: Content): OfflineGrader {
    const questions = [...content.roles.values()].flatMap((hub) => hub.questions);
    return new OfflineGrader({
      corpus: questionCorpus(questions),
      lexicon: content.lexicon,
      modelAnswers: questions.map((q) => ({ questionId: q.id, text: q.modelAnswer })),
    });
  }

  info(): GraderInfo {
    return { id: "offline", version: OFFLINE_GRADER_VERSION, model: null, promptVersion: null };
  }

  /** The shared guards' findings on an exchange; the LLM grader applies the same ones. */
  assess(question: Question, exchange: GradeInput["exchange"]): AnswerSignals {
    return this.analysisOf(question, exchange).signals;
  }

  /**
   * The interviewer's last decision on a thread read the same answers the grade then reads: the
   * guards' findings and key-point matches are kept for the grade instead of computed twice.
   */
  private analysisOf(question: Question, exchange: GradeInput["exchange"]): Analysis {
    const key = analysisKey(question, exchange);
    const kept = this.keptAnalysis(key, question, exchange);
    if (kept) return kept;
    const texts = exchange.map((t) => ({ prompt: t.prompt, answer: t.answer }));
    const analysis: Analysis = {
      question,
      exchange: texts,
      signals: this.guards.assess(question, exchange),
      matches: null,
    };
    this.analyses.set(key, analysis);
    if (this.analyses.size > ANALYSES_KEPT) this.analyses.delete(this.analyses.keys().next().value as string);
    return analysis;
  }

  private keptAnalysis(key: string, question: Question, exchange: GradeInput["exchange"]): Analysis | null {
    const kept = this.analyses.get(key);
    if (!kept || kept.question !== question || !sameTexts(kept.exchange, exchange)) return null;
    // Refreshed as the newest, so a thread's entry outlives the others while its grade waits.
    this.analyses.delete(key);
    this.analyses.set(key, kept);
    return kept;
  }

  /** How well a quote names or explains one key point (see KeyPointMatcher.support). */
  quoteSupport(question: Question, keyPointId: string, quote: string): number {
    return this.matcherFor(question).support(keyPointId, quote);
  }

  private matcherFor(question: Question): KeyPointMatcher {
    const key = `${question.id}@${question.version}`;
    let matcher = this.matchers.get(key);
    if (!matcher) {
      matcher = keyPointMatcher(question, this.weights, this.lexicon);
      this.matchers.set(key, matcher);
    }
    return matcher;
  }

  /** Key-point coverage of an exchange so far; the offline interviewer uses it to choose a probe. */
  matchKeyPoints(question: Question, exchange: GradeInput["exchange"], given?: AnswerSignals): KeyPointMatch[] {
    const analysis = given
      ? this.keptAnalysis(analysisKey(question, exchange), question, exchange)
      : this.analysisOf(question, exchange);
    const signals = given ?? (analysis as Analysis).signals;
    const reusable = analysis?.signals === signals ? analysis : null;
    if (reusable?.matches) return reusable.matches;
    const matcher = this.matcherFor(question);
    const matches = signals.restated ? matcher.match([]) : matcher.match(exchange, spansOf(signals));
    if (reusable) reusable.matches = matches;
    return matches;
  }

  async grade(input: GradeInput): Promise<GraderOutput> {
    const signals = this.assess(input.question, input.exchange);
    if (!signals.language.english) {
      throw new UngradableAnswer(
        `the answer is in ${signals.language.name}: the offline grader reads English only; configure a model to grade it`,
      );
    }
    return { result: this.gradeSync(input.question, input.rubric, input.exchange, signals) };
  }

  gradeSync(
    question: Question,
    rubric: Rubric,
    exchange: GradeInput["exchange"],
    signals: AnswerSignals = this.assess(question, exchange),
  ): GraderOutput["result"] {
    // Text addressed to the grader and repeated sentences are never evidence; an answer that only
    // restates the question shows nothing; every guard that fired caps what the rest can earn.
    const { restated, cap } = signals;
    const matches = this.matchKeyPoints(question, exchange, signals);
    const spans = spansOf(signals);
    const graded = textOutside(exchange, spans.exclude);
    const similarity = restated
      ? 0
      : cosineSimilarity(contentStems(graded), contentStems(question.modelAnswer), this.weights);
    const addressed = coverage(matches);
    const windows = answerWindows(exchange, spans, this.lexicon);
    const listLike = signals.guards.some((g) => g.kind === "keyword-list" || g.kind === "phrase-list");
    const capReason = signals.guards
      .filter((g) => g.cap === cap)
      .map((g) => g.reason)
      .join("; ");

    const scored: CompetencyScore[] = question.competencies.map((cid) => {
      const competency = rubric.competencies.find((c) => c.id === cid);
      const name = competency?.name ?? cid;
      if (competency?.evidence === "whole-answer") {
        const c = assessCommunication(windows, signals.gradedWords, question.timeGuidelineMinutes, addressed, listLike);
        return { competencyId: cid, level: c.level, evidence: uniqueQuotes(c.evidence, 2), rationale: c.rationale };
      }
      const score = keyPointCompetency(cid, name, matches, similarity);
      return competency ? withoutCode(question, competency, exchange, score) : score;
    });
    const competencies = scored.map((c) =>
      c.level !== null && c.level > cap
        ? { ...c, level: cap, rationale: `${c.rationale} Capped at ${cap}: ${capReason}.` }
        : c,
    );

    const keyPoints: KeyPointResult[] = matches.map((m) => ({
      keyPointId: m.keyPoint.id,
      status: m.status,
      evidence: m.window ? [toQuote(m.window)] : [],
      ...(m.window && m.window.kind === "followup" && m.mainScore < m.score
        ? { drawnOutByTurnId: m.window.turnId }
        : {}),
    }));

    const covered = matches.filter((m) => m.status === "covered").length;
    const partial = matches.filter((m) => m.status === "partial").length;
    const named = matches.filter((m) => m.namedOnly).length;
    return {
      competencies,
      keyPoints,
      strengths: restated || cap <= 1 ? [] : strengthsOf(matches),
      improvements: improvementsOf(question, matches, signals),
      weakSignals: detectWeakSignals(question, exchange, spans.exclude),
      summary:
        `Covered ${covered} and partly covered ${partial} of ${matches.length} key points ` +
        `(weighted coverage ${(addressed * 100).toFixed(0)}%)` +
        (named > 0 ? `; ${named} named without being explained.` : "."),
      notice: [OFFLINE_NOTICE, ...signals.guards.map((g) => `Capped at ${g.cap}: ${g.reason}.`), ...signals.notes].join(
        " ",
      ),
    };
  }

  async gradeReference(input: ReferenceGradeInput): Promise<ReferenceGradeOutput> {
    return gradeAgainstReference(input, this.weights);
  }
}

/** How the matcher treats the spans the guards found. */
function spansOf(signals: AnswerSignals) {
  return {
    exclude: [...signals.steering, ...signals.duplicates],
    listed: signals.lists,
    phrases: signals.phraseLists,
    namingOnly: signals.namingOnly,
  };
}

/** The answers without the excluded spans: what is actually graded. */
function textOutside(exchange: GradeInput["exchange"], spans: readonly ExcludedSpan[]): string {
  return exchange
    .map((t) => {
      const own = spans.filter((s) => s.turnId === t.turnId).sort((a, b) => a.start - b.start);
      let out = "";
      let at = 0;
      for (const s of own) {
        if (s.start > at) out += t.answer.slice(at, s.start);
        at = Math.max(at, s.end);
      }
      return out + t.answer.slice(at);
    })
    .join("\n");
}
