import type { Question, Rubric } from "../../content/schema.ts";
import { codeLineCount } from "../../text/code.ts";
import type { CompetencyScore, ExchangeTurn } from "../types.ts";

/** An implementation question answered with fewer lines of code than this shows no implementation. */
const MIN_CODE_LINES = 5;
/** The most a competency shown by writing code earns from a few lines and a description of the rest. */
const DESCRIBED_CODE_LEVEL = 3;
/**
 * The most it earns with no code at all: the rubric's level 3 is code that is "correct and
 * vectorised", which an answer that shows none cannot be.
 */
const NO_CODE_LEVEL = 2;

/**
 * On a question that asks for code, a competency the rubric defines by the code written cannot
 * reach the top level from prose alone: describing an implementation is not writing one.
 */
export function withoutCode(
  question: Question,
  competency: Rubric["competencies"][number],
  exchange: readonly ExchangeTurn[],
  score: CompetencyScore,
): CompetencyScore {
  if (question.type !== "coding" || !/\bcode\b/i.test(competency.description)) return score;
  if (score.level === null || score.level <= NO_CODE_LEVEL) return score;
  const lines = exchange.reduce((n, t) => n + codeLineCount(t.answer), 0);
  if (lines >= MIN_CODE_LINES) return score;
  const held = lines === 0 ? NO_CODE_LEVEL : DESCRIBED_CODE_LEVEL;
  if (score.level <= held) return score;
  return {
    ...score,
    level: held,
    rationale: `${score.rationale} Held at ${held}: the answer describes the code but shows ${lines === 0 ? "none" : `only ${lines} line${lines === 1 ? "" : "s"}`} of it.`,
  };
}
