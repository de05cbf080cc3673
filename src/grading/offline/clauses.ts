import { tokenize } from "../../text/tokens.ts";

/** A stretch of an answer, by character offsets in one turn. */
interface Span {
  turnId?: string;
  start: number;
  end: number;
}

/**
 * Words that make a stretch a statement rather than a name: a subject or a finite auxiliary.
 * Linking words ("when", "so", "makes") are not enough: cut phrases keep them ("stop training when
 * validation loss").
 */
const CLAUSE_WORDS = new Set(
  `i we you it they he she there is are was were be been being am has have had do does did can could will would
should may might must i'd i'll i'm i've it's we'd we'll we're we've you'd you're they're that's there's isn't
aren't wasn't weren't don't doesn't didn't can't won't`.split(/\s+/),
);
/** A stretch this short without any clause word is a bare term ("Dropout.", "L1 and L2 regularisation."). */
const BARE_TERM_WORDS = 6;

export const bareTerms = (tokens: readonly { word: string }[]) =>
  tokens.length > 0 && tokens.length <= BARE_TERM_WORDS && !tokens.some((t) => CLAUSE_WORDS.has(t.word));

/** A window whose listed phrases carry clauses this often reads as statements, not a list. */
const STATEMENT_SHARE = 1 / 3;

/**
 * True when a window lies in a phrase list and says nothing as a statement: no clause word
 * ("I'd put in", "it is") outside the listed phrases, and few of the phrases with one.
 */
export function onlyPhrases(text: string, offset: number, phrases: readonly Span[]): boolean {
  const inList = (start: number, end: number) => phrases.some((p) => offset + start < p.end && p.start < offset + end);
  let items = 0;
  let statements = 0;
  for (const m of text.matchAll(/[^,;\n•|]+/g)) {
    const at = m.index ?? 0;
    const tokens = tokenize(m[0]);
    if (tokens.some((t) => !inList(at + t.start, at + t.end) && CLAUSE_WORDS.has(t.word))) return false;
    if (!tokens.some((t) => inList(at + t.start, at + t.end))) continue;
    items++;
    if (tokens.some((t) => CLAUSE_WORDS.has(t.word))) statements++;
  }
  return items > 0 && statements / items < STATEMENT_SHARE;
}

/**
 * Sentences that wave a point away ("per-language evaluation isn't needed", "calling zero_grad is
 * optional", "no need to alert", "no special handling is needed", "with no tuning needed"): they name
 * the point to deny that it matters, so they never show it. Only work is waved away this way: "no
 * labels are needed" can be the point itself.
 */
const DISMISSAL = new RegExp(
  [
    String.raw`\b(?:isn't|aren't|is not|are not|wasn't|weren't)\s+(?:really\s+|actually\s+|even\s+)?(?:needed|necessary|required|a (?:real )?(?:factor|concern|issue|problem)|an issue|important|relevant|worth)`,
    String.raw`\bno need (?:to|for)\b`,
    String.raw`\bno (?:special |extra |further )?(?:handling|care|tuning|treatment|checks?|work) (?:is |are )?(?:needed|necessary|required)\b`,
    String.raw`\b(?:needs?|requires?) no (?:special |extra |further )?(?:handling|care|tuning|treatment|checks?)\b`,
    String.raw`\b(?:don't|doesn't|do not|does not|never)\s+(?:really\s+|actually\s+)?(?:need|matters?|have to)\b`,
    String.raw`\b(?:is|are) optional\b`,
    String.raw`\bclose enough\b`,
    String.raw`\b(?:doesn't|don't|does not|do not)\s+(?:really\s+)?(?:change|affect)\s+(?:this|that|anything|much)\b`,
    String.raw`\bmakes? no difference\b`,
    String.raw`\b(?:safe|fine) to ignore\b`,
    String.raw`\bnot worth\b`,
  ].join("|"),
  "i",
);

export const dismisses = (text: string) => DISMISSAL.test(text.replace(/’/g, "'"));
