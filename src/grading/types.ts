import type { Question, Rubric } from "../content/schema.ts";
import type { GradeResult } from "../db/records.ts";

export type {
  CompetencyScore,
  EvidenceQuote,
  GradeResult,
  KeyPointResult,
  KeyPointStatus,
  WeakSignal,
} from "../db/records.ts";

/** One answered prompt in a question's thread: the bank question or a follow-up. */
export interface ExchangeTurn {
  turnId: string;
  kind: "question" | "followup";
  prompt: string;
  answer: string;
  targetKeyPointId?: string | null;
}

export interface GradeInput {
  question: Question;
  rubric: Rubric;
  exchange: ExchangeTurn[];
  /** Which stored grade this is, so a model grader can account its calls to it. */
  context?: { sessionId?: string; gradeId?: string };
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  calls: number;
}

export interface GraderOutput {
  result: GradeResult;
  usage?: Usage;
}

export interface ReferenceGradeInput {
  question: string;
  referenceAnswer: string;
  answer: string;
  scale: { min: number; max: number };
}

export interface ReferenceGradeOutput {
  score: number;
  rationale: string;
  usage?: Usage;
}

export interface GraderInfo {
  /** "offline" or "llm". */
  id: string;
  version: string;
  model: string | null;
  promptVersion: string | null;
}

/**
 * A grader declines to grade an answer it cannot read (e.g. the offline grader and a language
 * other than English). The answer is stored ungraded with this message as the reason.
 */
export class UngradableAnswer extends Error {
  override name = "UngradableAnswer";
}

/** Grades answers against the rubric; the offline grader and the LLM grader both implement it. */
export interface Grader {
  info(): GraderInfo;
  grade(input: GradeInput, signal?: AbortSignal): Promise<GraderOutput>;
  /** For datasets without a rubric: score an answer against a reference answer on the given scale. */
  gradeReference(input: ReferenceGradeInput, signal?: AbortSignal): Promise<ReferenceGradeOutput>;
}
