import type { Question } from "../../content/schema.ts";
import { codeLineCount } from "../../text/code.ts";
import { contentStems } from "../../text/tokens.ts";

/**
 * The question's listed common mistakes, as the claims an answer would make: each alternative
 * ("..., or that ...") up to where the bank says why it is wrong (", which ...", ", so ...").
 * Omissions ("checking only the schema", "alerts with no owner", "forgetting model.eval(), or that
 * ...": every alternative of a mistake that opens with one) are left out, and so are claims of
 * fewer than three content words ("reporting accuracy"): an answer that names the same things may
 * simply have said more, which words cannot tell.
 */
export function mistakeClaims(question: Question): { claim: string; reason: string; mistake: string }[] {
  // Questions built in code (tests, tools) may come without mistakes.
  return (question.commonMistakes ?? []).flatMap((mistake) =>
    OMITTING.test(mistake)
      ? []
      : mistake
          .split(/,\s*or\s+(?:that\s+)?|;\s*/)
          .map((part) => {
            const [claim = "", ...reason] = part.split(/,\s*(?=(?:which|so|because|since|then|and then|even)\b)/);
            return { claim: claim.trim(), reason: reason.join(", ").trim(), mistake };
          })
          .filter(({ claim }) => contentStems(claim).length >= 3 && !OMISSION.test(claim)),
  );
}

const OMITTING = /^\s*(?:forgetting|ignoring|missing|skipping|leaving|omitting|neglecting)\b/i;
const OMISSION =
  /\b(?:only|alone|once|no|not|never|without|leaving|leave|missing|forgetting|ignoring|skipping|instead of)\b/i;

/**
 * Words that show a sentence warns about a mistake rather than makes it ("shuffling would leak",
 * "the softmax is a bug", "never shuffle"): a negation or a judgement.
 */
const WARNING =
  /\b(?:not|never|no|don't|doesn't|didn't|isn't|aren't|won't|can't|cannot|shouldn't|avoid|instead|rather|without|mistake|wrong|bug|bugs|broken|biased?|optimistic(?:ally)?|leaks?|leaking|leakage|trap|pitfall|careful|beware|flatters?|inflated?|misleading|dangerous|bad|fails?|poisons?|breaks?|overflows?|underflows?|nan)\b/i;

/** A mistake that two things are the same is made only by a sentence that says they are the same. */
const SAMENESS = /\b(?:identical|same|equivalent|equal|interchangeable|just)\b/i;
export const claimsSameness = (claim: string) => SAMENESS.test(claim);

/** A formula ("-log softmax(z)_y = logsumexp(z) - z_y") is not a claim in words. */
const FORMULA = /=|[A-Za-z_]\(/;

/**
 * True when a sentence states a listed mistake (its claim) as its own view: not as a warning, not in
 * code or a formula, and, for a mistake that two things are the same, saying they are.
 */
export const statesMistake = (quote: string, claim = "") =>
  !WARNING.test(quote.replace(/’/g, "'")) &&
  !FORMULA.test(quote) &&
  codeLineCount(quote) === 0 &&
  (!claimsSameness(claim) || SAMENESS.test(quote));
