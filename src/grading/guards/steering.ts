import { sentenceSpans } from "../../text/sentences.ts";
import type { ExchangeTurn } from "../types.ts";
import type { SignalSpan } from "./spans.ts";

/** A stretch of an answer that talks to the grader instead of answering the question. */
export type SteeringSpan = SignalSpan;

const STEERING: { pattern: RegExp; why: string }[] = [
  {
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(instructions?|rubric|prompts?|rules|guidelines|grading|criteria)\b/i,
    why: "tells the grader to set its instructions aside",
  },
  {
    pattern:
      /\b(give|award|assign|grant)\b[^.!?\n]{0,30}?\b(4|four|full|top|maximum|max|highest|perfect)\s*(\/\s*4|out of (4|four)|scores?|marks?|levels?|grades?|ratings?|points?)\b/i,
    why: "asks for a score",
  },
  {
    pattern: /\b(give|award|assign|grant)\b[^.!?\n]{0,30}?\b(level|score|grade)\s*(of\s*)?4\b/i,
    why: "asks for a score",
  },
  { pattern: /\b4\s*\/\s*4\b|\b4 out of 4\b|\bfour out of four\b|\bfull marks\b/i, why: "asks for a score" },
  {
    pattern:
      /\b(note|message|instructions?|hint)\s+(to|for)\s+(the\s+)?(grader|evaluator|assessor|ai|model|llm|assistant|reviewer)\b/i,
    why: "addresses the grader",
  },
  {
    pattern: /\byou are (now )?(the|an?) (grader|evaluator|assessor)\b|\b(dear|hey|hi) (grader|evaluator)\b/i,
    why: "addresses the grader",
  },
  { pattern: /^\s*(system|assistant|grader|evaluator)\s*:/im, why: "poses as the system or the grader" },
  {
    pattern:
      /"(level|score|status|competencyId|keyPointId|grade|competencies|keyPoints)"\s*:|\b(grade|score|level|rating|verdict)\s*[:=]\s*(4|strong)\b/i,
    why: "contains text shaped like grader output",
  },
  { pattern: /<<<\s*(END\s+)?ANSWER\b/i, why: "imitates the answer markers" },
];

export function steeringSpans(exchange: readonly ExchangeTurn[]): SteeringSpan[] {
  const out: SteeringSpan[] = [];
  for (const turn of exchange) {
    for (const span of sentenceSpans(turn.answer)) {
      const hit = STEERING.find((s) => s.pattern.test(span.text));
      if (hit) out.push({ turnId: turn.turnId, start: span.start, end: span.end, why: hit.why });
    }
  }
  return out;
}
