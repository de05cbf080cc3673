import type { Question } from "../../content/schema.ts";
import { codeLineCount } from "../../text/code.ts";

/**
 * The question's listed common mistakes, as the claims an answer would make: each alternative
 * ("..., or that ...") up to where the bank says why it is wrong (", which ...", ", so ...").
 * Omissions ("checking only the schema", "alerts with no owner", "leaving out the KPI") are left
 * out: an answer that names the same things may simply have said more, which words cannot tell.
 */
export function mistakeClaims(question: Question): { claim: string; mistake: string }[] {
  // Questions built in code (tests, tools) may come without mistakes.
  return (question.commonMistakes ?? []).flatMap((mistake) =>
    mistake
      .split(/,\s*or\s+(?:that\s+)?|;\s*/)
      .map((part) => part.split(/,\s*(?:which|so|because|since|then|and then|even)\b/)[0]?.trim() ?? "")
      .filter((claim) => claim.length > 0 && !OMISSION.test(claim))
      .map((claim) => ({ claim, mistake })),
  );
}

const OMISSION =
  /\b(?:only|alone|once|no|not|never|without|leaving|leave|missing|forgetting|ignoring|skipping|instead of)\b/i;

/**
 * Words that show a sentence warns about a mistake rather than makes it ("shuffling would leak",
 * "the softmax is a bug", "never shuffle"): a negation or a judgement.
 */
const WARNING =
  /\b(?:not|never|no|don't|doesn't|didn't|isn't|aren't|won't|can't|cannot|shouldn't|avoid|instead|rather|without|mistake|wrong|bug|bugs|broken|biased?|optimistic(?:ally)?|leaks?|leaking|leakage|trap|pitfall|careful|beware|flatters?|inflated?|misleading|dangerous|bad|fails?|poisons?|breaks?|overflows?|underflows?|nan)\b/i;

/** True when a sentence states a listed mistake as its own view: not as a warning, not in code. */
export const statesMistake = (quote: string) => !WARNING.test(quote.replace(/’/g, "'")) && codeLineCount(quote) === 0;
