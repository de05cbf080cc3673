import { randomBytes } from "node:crypto";

/**
 * A fresh random marker per call. The candidate cannot know it, so text inside an answer can
 * never close the fence early and pass itself off as part of the instructions.
 */
export const newNonce = () => randomBytes(6).toString("hex");

export function fenceAnswer(text: string, nonce: string): string {
  return `<<<ANSWER ${nonce}>>>\n${text}\n<<<END ANSWER ${nonce}>>>`;
}

export interface FencedTurn {
  kind: "question" | "followup";
  prompt: string;
  answer: string;
}

/** The exchange on one question: interviewer prompts in the clear, candidate answers fenced. */
export function renderExchange(turns: readonly FencedTurn[], nonce: string): string {
  return turns
    .map((t, i) => {
      const who = t.kind === "question" ? "Interviewer (bank question)" : "Interviewer (follow-up)";
      return `[${i + 1}] ${who}: ${t.prompt}\nCandidate's answer:\n${fenceAnswer(t.answer, nonce)}`;
    })
    .join("\n\n");
}
