import { sentenceSpans } from "../text/sentences.ts";
import { contentStems, stemsMatch, tokenize } from "../text/tokens.ts";
import { answerWindows } from "./offline/keypoints.ts";
import type { ExchangeTurn } from "./types.ts";

/** A stretch of an answer that talks to the grader instead of answering the question. */
export interface SteeringSpan {
  turnId: string;
  start: number;
  end: number;
  why: string;
}

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

/**
 * Stretches that list terms instead of saying something: ten or more content words with almost
 * no function words between two sentence ends. Cut only at real sentence ends, so that the tail
 * of a long list is caught with the rest of it.
 */
export function listSpans(exchange: readonly ExchangeTurn[]): SteeringSpan[] {
  const out: SteeringSpan[] = [];
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

/** True when lists of terms make up at least half of the answer's words. */
export function mostlyLists(exchange: readonly ExchangeTurn[], lists: readonly SteeringSpan[]): boolean {
  const total = exchange.reduce((a, t) => a + tokenize(t.answer).length, 0);
  const listed = lists.reduce((a, l) => {
    const turn = exchange.find((t) => t.turnId === l.turnId);
    return a + (turn ? tokenize(turn.answer.slice(l.start, l.end)).length : 0);
  }, 0);
  return total > 0 && listed / total >= 0.5;
}

/** Words beyond which an answer is padding whatever the question: far past what fits the time. */
export const paddingWordLimit = (minutes: number) => Math.max(1200, 300 * minutes);

/** Ways an answer can look bigger than it is. Each entry is a reason, worded for the candidate. */
export function paddingSigns(
  exchange: readonly ExchangeTurn[],
  minutes: number,
  lists: readonly SteeringSpan[] = listSpans(exchange),
): string[] {
  const signs: string[] = [];
  const windows = answerWindows(exchange).filter((w) => w.single);
  if (lists.length > 0) signs.push("part of the answer is a list of terms rather than sentences");
  const sentences = windows
    .map((w) => w.quote.toLowerCase().replace(/\W+/g, " ").trim())
    .filter((s) => s.split(" ").length >= 4);
  const counts = new Map<string, number>();
  for (const s of sentences) counts.set(s, (counts.get(s) ?? 0) + 1);
  const repeats = [...counts.values()].reduce((a, c) => a + (c - 1), 0);
  if ([...counts.values()].some((c) => c >= 3) || (sentences.length >= 4 && repeats / sentences.length >= 0.3)) {
    signs.push("the same sentences are repeated");
  }
  const words = exchange.reduce((a, t) => a + tokenize(t.answer).length, 0);
  if (words > paddingWordLimit(minutes)) {
    signs.push(`the answer runs to ${words} words, far more than a ${minutes}-minute question allows`);
  }
  return signs;
}

/** Longest run of consecutive content words the answer copies from the question. */
function longestCopiedRun(answer: readonly string[], question: readonly string[]): number {
  let best = 0;
  for (let i = 0; i < answer.length; i++) {
    for (let j = 0; j < question.length; j++) {
      let k = 0;
      while (
        i + k < answer.length &&
        j + k < question.length &&
        stemsMatch(answer[i + k] as string, question[j + k] as string)
      )
        k++;
      best = Math.max(best, k);
    }
  }
  return best;
}

/**
 * True when the answer mostly repeats the question: most of its content words are the
 * question's, it copies a run of them, and it adds almost nothing of its own. A terse answer
 * that merely uses the question's vocabulary is not a restatement.
 */
export function restatesQuestion(exchange: readonly ExchangeTurn[], questionText: string): boolean {
  const questionStems = contentStems(questionText);
  const answer = contentStems(exchange.map((t) => t.answer).join("\n"));
  if (answer.length === 0) return false;
  const fromQuestion = answer.filter((s) => questionStems.some((q) => stemsMatch(q, s)));
  const novel = new Set(answer.filter((s) => !questionStems.some((q) => stemsMatch(q, s))));
  const copied = longestCopiedRun(answer, questionStems) >= Math.min(4, questionStems.length);
  return copied && fromQuestion.length / answer.length >= 0.6 && novel.size < 6;
}
