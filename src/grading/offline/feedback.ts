import type { Question } from "../../content/schema.ts";
import type { AnswerSignals } from "../signals.ts";
import type { KeyPointMatch } from "./keypoints.ts";

/** "held-out-data" -> "held out data": a key point named without restating what it claims. */
export const topicOf = (id: string) => id.replace(/-/g, " ");

const quoted = (text: string, max = 220) => `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;

/**
 * Strengths name only what the answer contains and quote the sentence that shows it, so the
 * feedback never credits rubric wording the answer lacks.
 */
export function strengthsOf(matches: readonly KeyPointMatch[]): string[] {
  return [...matches]
    .filter((m) => m.status === "covered" && m.window)
    .sort((a, b) => b.keyPoint.weight - a.keyPoint.weight || b.score - a.score)
    .slice(0, 3)
    .map((m) => `Explained ${topicOf(m.keyPoint.id)}: ${quoted(m.window?.quote ?? "")}`);
}

/**
 * What to do next, heaviest first. A point the answer named is not asked for again: the advice
 * is to explain it, quoting where it was named. Only points the answer missed are spelled out.
 */
export function improvementsOf(
  question: Question,
  matches: readonly KeyPointMatch[],
  signals: AnswerSignals,
): string[] {
  const out = [...matches]
    .filter((m) => m.status !== "covered")
    .sort((a, b) => b.keyPoint.weight - a.keyPoint.weight || b.score - a.score)
    .slice(0, 3)
    .map((m) => {
      const topic = topicOf(m.keyPoint.id);
      if (m.status === "missed") return `Missing: ${m.keyPoint.text}`;
      const where = m.window ? ` (you said ${quoted(m.window.quote, 160)})` : "";
      return m.namedOnly
        ? `You named ${topic} without explaining it${where}: say how it works, why it matters or what it trades off.`
        : `Go further on ${topic}${where}: take it from a mention to a full explanation.`;
    });
  const words = signals.gradedWords;
  if (words === 0) out.unshift("No answer was given.");
  for (const g of [...signals.guards].reverse()) out.unshift(`Capped at ${g.cap}: ${g.reason}.`);
  if (signals.lists.length > 0 && !signals.guards.some((g) => g.kind === "keyword-list")) {
    out.push("Explain the terms you list: a list of terms shows less than sentences do.");
  }
  return out.filter((s, i) => out.indexOf(s) === i && (question.keyPoints.length > 0 || !s.startsWith("Missing")));
}
