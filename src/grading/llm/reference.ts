import { HumanMessage } from "@langchain/core/messages";
import type { LlmCallRecord } from "../../llm/accounting.ts";
import type { CallSpec, LlmClient } from "../../llm/client.ts";
import { LlmFailure } from "../../llm/errors.ts";
import { newNonce } from "../../llm/fence.ts";
import type { Prompt } from "../../llm/prompts.ts";
import { paddingSigns } from "../guards/padding.ts";
import type { OfflineGrader } from "../offline/grader.ts";
import { restatesQuestion, steeringSpans } from "../signals.ts";
import type { ExchangeTurn, ReferenceGradeInput, ReferenceGradeOutput } from "../types.ts";
import { referenceOutputSpec } from "./schema.ts";

/** Datasets without a rubric carry no time guideline; this is a typical interview answer. */
const REFERENCE_MINUTES = 5;

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Scores (question, reference answer, answer) on the dataset's scale with the model, then applies
 * the same kind of guards as rubric grading: a restated question scores the minimum, and text aimed
 * at the grader or padding caps the score at the offline score plus a quarter of the scale.
 */
export async function gradeReferenceWithModel(
  client: LlmClient,
  prompt: Prompt,
  offline: OfflineGrader,
  input: ReferenceGradeInput,
  signal?: AbortSignal,
): Promise<ReferenceGradeOutput> {
  const { min, max } = input.scale;
  const nonce = newNonce();
  const base = await prompt.render({
    min: String(min),
    max: String(max),
    nonce,
    question: input.question,
    referenceAnswer: input.referenceAnswer,
    answer: input.answer,
  });
  const calls: LlmCallRecord[] = [];
  const spec: CallSpec = {
    purpose: "grade-reference",
    model: { model: client.settings.graderModel, temperature: 0, maxTokens: 500 },
    promptVersion: prompt.versionTag,
    lane: "background",
    signal,
    tally: (c) => calls.push(c),
  };
  const value = await client.structured(
    spec,
    (previous) =>
      previous?.kind === "malformed"
        ? [...base, new HumanMessage(`Your previous reply could not be used (${previous.message}). Reply again.`)]
        : base,
    referenceOutputSpec,
    (v, usage) => {
      if (!Number.isFinite(v.score) || v.score < min || v.score > max) {
        throw new LlmFailure("malformed", `malformed output: score ${v.score} is outside ${min}..${max}`, { usage });
      }
      return v;
    },
  );
  const exchange: ExchangeTurn[] = [
    { turnId: "answer", kind: "question", prompt: input.question, answer: input.answer },
  ];
  const notes: string[] = [];
  let score = value.score;
  if (restatesQuestion(exchange, input.question) && score > min) {
    score = min;
    notes.push("Guard: the answer restates the question, so it scores the minimum.");
  }
  const steering = steeringSpans(exchange);
  const padding = paddingSigns(exchange, REFERENCE_MINUTES);
  if (steering.length > 0 || padding.length > 0) {
    const baseline = (await offline.gradeReference(input)).score;
    const cap = Math.min(max, baseline + (max - min) / 4);
    if (score > cap) {
      score = cap;
      const why = [...new Set(steering.map((s) => s.why)), ...padding].join("; ");
      notes.push(`Guard: capped at ${round2(cap)} because the answer ${why}.`);
    }
  }
  return {
    score: round2(score),
    rationale: [value.rationale.trim(), ...notes].join(" "),
    usage: {
      calls: calls.length,
      inputTokens: calls.reduce((a, c) => a + c.inputTokens, 0),
      outputTokens: calls.reduce((a, c) => a + c.outputTokens, 0),
      latencyMs: Math.round(calls.reduce((a, c) => a + c.latencyMs, 0)),
    },
  };
}
