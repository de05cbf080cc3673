import type { Content } from "../../content/load.ts";
import type { Level, Question, Rubric } from "../../content/schema.ts";
import { buildTermWeights, cosineSimilarity, type TermWeights } from "../../text/idf.ts";
import { EMPTY_LEXICON, type Lexicon } from "../../text/lexicon.ts";
import { contentStems, tokenize } from "../../text/tokens.ts";
import { listSpans, mostlyLists, restatesQuestion, steeringSpans } from "../signals.ts";
import type {
  CompetencyScore,
  EvidenceQuote,
  GradeInput,
  Grader,
  GraderInfo,
  GraderOutput,
  KeyPointResult,
  ReferenceGradeInput,
  ReferenceGradeOutput,
} from "../types.ts";
import { assessCommunication } from "./communication.ts";
import {
  type AnswerWindow,
  answerWindows,
  coverage,
  type ExcludedSpan,
  type KeyPointMatch,
  keyPointMatcher,
} from "./keypoints.ts";
import { gradeAgainstReference } from "./reference.ts";

export const OFFLINE_GRADER_VERSION = "offline-1.2.0";

export const OFFLINE_NOTICE =
  "Graded offline: no language model was used. The offline grader checks which of the question's key points your " +
  "words cover (after stemming, with alternative phrasings) and how close the answer is to the model answer. It " +
  "cannot judge whether your reasoning is correct, so treat it as a coverage check.";

/** Similarity to the model answer adds at most this much to a competency's coverage. */
const SIMILARITY_SHARE = 0.15;

function levelFrom(score: number): Level {
  if (score >= 0.8) return 4;
  if (score >= 0.55) return 3;
  if (score >= 0.25) return 2;
  return 1;
}

const toQuote = (w: AnswerWindow): EvidenceQuote => ({ quote: w.quote, turnId: w.turnId });

function uniqueQuotes(windows: readonly AnswerWindow[], max: number): EvidenceQuote[] {
  const seen = new Set<string>();
  const out: EvidenceQuote[] = [];
  for (const w of windows) {
    const key = `${w.turnId}:${w.start}`;
    if (seen.has(key) || out.some((q) => q.turnId === w.turnId && q.quote.includes(w.quote))) continue;
    seen.add(key);
    out.push(toQuote(w));
    if (out.length >= max) break;
  }
  return out;
}

function keyPointCompetency(
  competencyId: string,
  name: string,
  matches: readonly KeyPointMatch[],
  similarity: number,
): CompetencyScore {
  const relevant = matches.filter((m) => m.keyPoint.competencies.includes(competencyId));
  const cov = coverage(relevant);
  const score = (1 - SIMILARITY_SHARE) * cov + SIMILARITY_SHARE * Math.min(1, similarity / 0.5);
  const hits = relevant.filter((m) => m.window).sort((a, b) => b.score - a.score);
  const anyCovered = relevant.some((m) => m.status === "covered");
  const level = hits.length === 0 ? 1 : anyCovered ? levelFrom(score) : (Math.min(2, levelFrom(score)) as Level);
  const covered = relevant.filter((m) => m.status === "covered").length;
  const partial = relevant.filter((m) => m.status === "partial").length;
  const rationale =
    hits.length === 0
      ? `None of the ${relevant.length} key points that show ${name.toLowerCase()} here appeared in the answer.`
      : `Covered ${covered}${partial > 0 ? ` and partly covered ${partial}` : ""} of the ${relevant.length} key points ` +
        `that show ${name.toLowerCase()} here (weighted coverage ${(cov * 100).toFixed(0)}%, similarity to the ` +
        `model answer ${(similarity * 100).toFixed(0)}%).` +
        (level === 2 && covered === 0 ? " Level 3 and above need at least one point covered in full." : "");
  return {
    competencyId,
    level,
    evidence: uniqueQuotes(
      hits.map((m) => m.window as AnswerWindow),
      3,
    ),
    rationale,
  };
}

export interface OfflineGraderOptions {
  /** Texts that define how rare (and so how telling) each term is; usually the whole question bank. */
  corpus?: readonly string[];
  /** Terms candidates use interchangeably, so an answer in other words still matches. */
  lexicon?: Lexicon;
}

export function questionCorpus(questions: readonly Question[]): string[] {
  return questions.map((q) =>
    [q.text, q.modelAnswer, ...q.keyPoints.flatMap((k) => [k.text, ...k.phrasings, ...(k.explains ?? [])])].join("\n"),
  );
}

function capReason(restated: boolean, steering: boolean): string {
  if (restated) return "Capped at 1: the answer restates the question.";
  if (steering) return "Capped at 2: the answer contains text addressed to the grader, which was ignored.";
  return "Capped at 2: part of the answer is a bare list of terms.";
}

export class OfflineGrader implements Grader {
  private readonly weights: TermWeights;
  private readonly lexicon: Lexicon;
  private readonly matchers = new Map<string, ReturnType<typeof keyPointMatcher>>();

  constructor(opts: OfflineGraderOptions = {}) {
    this.weights = buildTermWeights(opts.corpus ?? []);
    this.lexicon = opts.lexicon ?? EMPTY_LEXICON;
  }

  /** The grader every caller uses: term weights from the whole bank, and the shared lexicon. */
  static forContent(content: Content): OfflineGrader {
    const questions = [...content.roles.values()].flatMap((hub) => hub.questions);
    return new OfflineGrader({ corpus: questionCorpus(questions), lexicon: content.lexicon });
  }

  info(): GraderInfo {
    return { id: "offline", version: OFFLINE_GRADER_VERSION, model: null, promptVersion: null };
  }

  /** Key-point coverage of an exchange so far; the offline interviewer uses it to choose a probe. */
  matchKeyPoints(
    question: Question,
    exchange: GradeInput["exchange"],
    exclude: readonly ExcludedSpan[] = steeringSpans(exchange),
    listed: readonly ExcludedSpan[] = listSpans(exchange),
  ): KeyPointMatch[] {
    const key = `${question.id}@${question.version}`;
    let matcher = this.matchers.get(key);
    if (!matcher) {
      matcher = keyPointMatcher(question, this.weights, this.lexicon);
      this.matchers.set(key, matcher);
    }
    return matcher.match(exchange, exclude, listed);
  }

  async grade(input: GradeInput): Promise<GraderOutput> {
    return { result: this.gradeSync(input.question, input.rubric, input.exchange) };
  }

  gradeSync(question: Question, rubric: Rubric, exchange: GradeInput["exchange"]): GraderOutput["result"] {
    // Text addressed to the grader (instructions, fake grades) is never evidence; an answer that
    // only restates the question shows nothing; long term lists cap what the rest can earn.
    const steering = steeringSpans(exchange);
    const restated = restatesQuestion(exchange, question.text);
    const lists = listSpans(exchange);
    const listLike = mostlyLists(exchange, lists);
    const matches = restated
      ? this.matchKeyPoints(question, [], [], [])
      : this.matchKeyPoints(question, exchange, steering, lists);
    const answerText = exchange.map((t) => t.answer).join("\n");
    const similarity = restated
      ? 0
      : cosineSimilarity(contentStems(answerText), contentStems(question.modelAnswer), this.weights);
    const addressed = coverage(matches);
    const windows = answerWindows(exchange, steering, lists, this.lexicon);
    const wordCount = tokenize(answerText).length;
    const cap = restated ? 1 : steering.length > 0 ? 2 : 4;

    const scored: CompetencyScore[] = question.competencies.map((cid) => {
      const competency = rubric.competencies.find((c) => c.id === cid);
      const name = competency?.name ?? cid;
      if (competency?.evidence === "whole-answer") {
        const c = assessCommunication(windows, wordCount, question.timeGuidelineMinutes, addressed, listLike);
        return { competencyId: cid, level: c.level, evidence: uniqueQuotes(c.evidence, 2), rationale: c.rationale };
      }
      return keyPointCompetency(cid, name, matches, similarity);
    });
    const competencies = scored.map((c) =>
      c.level !== null && c.level > cap
        ? { ...c, level: cap as Level, rationale: `${c.rationale} ${capReason(restated, steering.length > 0)}` }
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

    const byWeight = [...matches].sort((a, b) => b.keyPoint.weight - a.keyPoint.weight || b.score - a.score);
    const strengths = byWeight
      .filter((m) => m.status === "covered")
      .slice(0, 3)
      .map((m) => `Covered: ${m.keyPoint.text}`);
    const improvements = byWeight
      .filter((m) => m.status !== "covered")
      .slice(0, 3)
      .map((m) => (m.status === "partial" ? `Go further on: ${m.keyPoint.text}` : `Missing: ${m.keyPoint.text}`));
    if (wordCount === 0) improvements.unshift("No answer was given.");
    if (restated) improvements.unshift("The answer restates the question without answering it.");
    if (steering.length > 0) improvements.unshift("Part of the answer addresses the grader; it was ignored.");
    if (listLike) improvements.unshift("Explain the terms you list: a list of terms shows less than sentences do.");

    const covered = matches.filter((m) => m.status === "covered").length;
    const partial = matches.filter((m) => m.status === "partial").length;
    return {
      competencies,
      keyPoints,
      strengths,
      improvements,
      summary:
        `Covered ${covered} and partly covered ${partial} of ${matches.length} key points ` +
        `(weighted coverage ${(addressed * 100).toFixed(0)}%).`,
      notice: OFFLINE_NOTICE,
    };
  }

  async gradeReference(input: ReferenceGradeInput): Promise<ReferenceGradeOutput> {
    return gradeAgainstReference(input, this.weights);
  }
}
