import type { Question } from "../content/schema.ts";
import type { ExchangeTurn, Grader, GraderInfo, Usage } from "../grading/types.ts";
import { type CacheKeyParts, type EvalCache, sha256, stableJson } from "./cache.ts";
import type { GenericCase, RubricCase } from "./dataset.ts";
import type { EvalItem } from "./format.ts";
import {
  type GenericItemResult,
  meanLevel,
  RUBRIC_DATASET,
  type RubricItemResult,
  type RubricLabels,
} from "./results.ts";

/** The item's answer and follow-ups as the thread of turns a grader sees in a real session. */
export function exchangeFor(item: EvalItem, question: Question): ExchangeTurn[] {
  const main: ExchangeTurn = { turnId: `${item.id}#0`, kind: "question", prompt: question.text, answer: item.answer };
  const followups = (item.followups ?? []).map(
    (f, i): ExchangeTurn => ({
      turnId: `${item.id}#${i + 1}`,
      kind: "followup",
      prompt: f.prompt,
      answer: f.answer,
      targetKeyPointId: question.probes.find((p) => p.text.trim() === f.prompt.trim())?.keyPoint ?? null,
    }),
  );
  return [main, ...followups];
}

export const answerHash = (item: EvalItem): string =>
  sha256(stableJson({ answer: item.answer, followups: item.followups ?? [] }));

export function rubricCacheKey(info: GraderInfo, c: RubricCase, repeat: number): CacheKeyParts {
  return {
    grader: info.id,
    graderVersion: info.version,
    model: info.model,
    promptVersion: info.promptVersion,
    kind: "rubric",
    rubricId: c.rubric.id,
    rubricVersion: c.rubric.version,
    questionId: c.question.id,
    questionVersion: c.question.version,
    answerHash: answerHash(c.item),
    repeat,
  };
}

export function referenceCacheKey(info: GraderInfo, g: GenericCase, repeat: number): CacheKeyParts {
  const { question, reference_answer, answer, min_score, max_score } = g.item;
  return {
    grader: info.id,
    graderVersion: info.version,
    model: info.model,
    promptVersion: info.promptVersion,
    kind: "reference",
    answerHash: sha256(stableJson({ question, reference_answer, answer, min_score, max_score })),
    repeat,
  };
}

export interface Graded<R> {
  result: R;
  usage?: Usage;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

type RubricPrediction = RubricLabels & { summary?: string };

export async function gradeRubricCase(
  grader: Grader,
  c: RubricCase,
  repeat: number,
  cache: EvalCache | null,
  signal?: AbortSignal,
): Promise<Graded<RubricItemResult>> {
  const base = {
    kind: "rubric" as const,
    itemId: c.item.id,
    dataset: RUBRIC_DATASET,
    repeat,
    questionId: c.question.id,
    round: c.round,
    quality: c.item.quality,
    style: c.item.style,
    split: c.split,
    category: c.item.category ?? null,
    adversarial: c.item.adversarial ?? null,
    gold: c.gold ? { competencies: c.gold.competencies, keyPoints: c.gold.keyPoints } : null,
    goldScore: c.gold ? meanLevel(c.gold.competencies) : null,
  };
  const key = cache ? rubricCacheKey(grader.info(), c, repeat) : null;
  return throughCache<RubricPrediction, typeof base>(
    cache,
    key,
    base,
    (p) => meanLevel(p.competencies),
    async () => {
      const out = await grader.grade(
        { question: c.question, rubric: c.rubric, exchange: exchangeFor(c.item, c.question) },
        signal,
      );
      const predicted: RubricPrediction = {
        competencies: Object.fromEntries(out.result.competencies.map((s) => [s.competencyId, s.level])),
        keyPoints: Object.fromEntries(out.result.keyPoints.map((k) => [k.keyPointId, k.status])),
        summary: out.result.summary,
      };
      return { predicted, usage: out.usage };
    },
  ) as Promise<Graded<RubricItemResult>>;
}

/**
 * Serves a prediction from the cache, or runs the grader, times it and caches the result. A grader
 * failure becomes an item error, never a score.
 */
async function throughCache<P, B extends object>(
  cache: EvalCache | null,
  key: CacheKeyParts | null,
  base: B,
  scoreOf: (p: P) => number | null,
  run: () => Promise<{ predicted: P; usage?: Usage }>,
) {
  const hit = key && cache ? await cache.get<P>(key) : undefined;
  if (hit) {
    const result = {
      ...base,
      predicted: hit.value,
      score: scoreOf(hit.value),
      cached: true,
      latencyMs: hit.latencyMs,
      error: null,
    };
    return { result };
  }
  const started = performance.now();
  try {
    const { predicted, usage } = await run();
    const latencyMs = Math.round(performance.now() - started);
    if (key && cache) await cache.set(key, predicted, latencyMs);
    return { result: { ...base, predicted, score: scoreOf(predicted), cached: false, latencyMs, error: null }, usage };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    return { result: { ...base, predicted: null, score: null, cached: false, latencyMs, error: errorText(err) } };
  }
}

export async function gradeGenericCase(
  grader: Grader,
  g: GenericCase,
  repeat: number,
  cache: EvalCache | null,
  signal?: AbortSignal,
): Promise<Graded<GenericItemResult>> {
  const scale = { min: g.item.min_score, max: g.item.max_score };
  const base = {
    kind: "generic" as const,
    itemId: g.item.id,
    dataset: g.dataset,
    repeat,
    scale,
    anchor: g.item.anchor ?? false,
    goldScore: g.item.score,
  };
  // A grader may version its reference-answer prompt apart from its rubric prompt.
  const info = grader.info();
  const referenceVersion = (grader as { referencePromptVersion?: string }).referencePromptVersion;
  const key = cache
    ? referenceCacheKey({ ...info, promptVersion: referenceVersion ?? info.promptVersion }, g, repeat)
    : null;
  return throughCache<{ score: number; rationale: string }, typeof base>(
    cache,
    key,
    base,
    (p) => p.score,
    async () => {
      const out = await grader.gradeReference(
        { question: g.item.question, referenceAnswer: g.item.reference_answer, answer: g.item.answer, scale },
        signal,
      );
      if (!Number.isFinite(out.score) || out.score < scale.min || out.score > scale.max) {
        throw new Error(`the grader returned ${out.score}, outside the scale ${scale.min}..${scale.max}`);
      }
      return { predicted: { score: out.score, rationale: out.rationale }, usage: out.usage };
    },
  ) as Promise<Graded<GenericItemResult>>;
}
