import type { Level } from "../../content/schema.ts";
import type { AnswerWindow } from "./windows.ts";

const STRUCTURE =
  /\b(first|firstly|second|secondly|third|then|next|finally|lastly|overall|in short|to summari[sz]e|step|because|so that|which means|therefore|the trade-?off|on the other hand|instead|i would|i'd start|my plan)\b/i;
const IMPACT =
  /\b(users?|customers?|business|revenue|cost|costs|latency|product|conversion|retention|risk|impact|money|budget|stakeholders?|team)\b/i;

export interface CommunicationAssessment {
  level: Level;
  evidence: AnswerWindow[];
  rationale: string;
}

/**
 * Judges how an answer is built rather than what it says: enough substance for the time
 * guideline, several sentences, signposting, and a link to product impact. Capped by how much of
 * the question it addresses, since a tidy answer to a different question is not clear.
 */
export function assessCommunication(
  windows: readonly AnswerWindow[],
  wordCount: number,
  timeGuidelineMinutes: number,
  addressed: number,
  mostlyListed: boolean,
): CommunicationAssessment {
  const sentences = windows.filter((w) => w.single);
  const expectedWords = Math.min(250, 25 * timeGuidelineMinutes);
  const structured = sentences.find((w) => STRUCTURE.test(w.quote));
  const impact = sentences.find((w) => IMPACT.test(w.quote) && w !== structured);
  const listLike = mostlyListed || (sentences.length > 0 && sentences.every((w) => w.substance < 1));
  let points = 0;
  const notes: string[] = [];
  if (wordCount >= expectedWords * 0.5) points++;
  else notes.push(`the answer is short for a ${timeGuidelineMinutes}-minute question (${wordCount} words)`);
  if (wordCount > expectedWords * 6) {
    points--;
    notes.push("the answer is much longer than the time allows");
  }
  if (sentences.length >= 3) points++;
  if (structured) points++;
  else notes.push("no signposting of steps or reasons");
  if (impact) points++;
  else notes.push("no link to users, cost or product impact");
  if (listLike) {
    points = Math.min(points, 1);
    notes.push("it reads as a list of terms rather than sentences");
  }
  let level = (points >= 4 ? 4 : points >= 3 ? 3 : points >= 1 ? 2 : 1) as Level;
  if (addressed < 0.1) level = 1;
  else if (addressed < 0.35 && level > 2) level = 2;
  else if (addressed < 0.6 && level > 3) level = 3;
  const evidence = [structured ?? sentences[0], impact].filter((w): w is AnswerWindow => w !== undefined);
  const strengths = [structured && "signposts its steps or reasons", impact && "links the answer to impact"].filter(
    Boolean,
  );
  const rationale =
    (strengths.length > 0 ? `The answer ${strengths.join(" and ")}. ` : "") +
    (notes.length > 0 ? `Held back because ${notes.join("; ")}.` : "Well structured for the time available.") +
    (addressed < 0.35 ? " Clarity is capped because much of the question was not addressed." : "");
  return { level, evidence, rationale };
}
