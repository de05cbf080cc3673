import type { Question } from "../../content/schema.ts";
import type { AnswerSignals } from "../signals.ts";
import type { KeyPointMatch, Refutation } from "./keypoints.ts";

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

/** Why a sentence that shares the point's words did not count for it, quoting the sentence. */
function contradiction(topic: string, text: string, r: Refutation): string {
  const said = quoted(r.window.quote, 160);
  if (r.why === "mistake") {
    // Words cannot tell making the mistake from naming it as the thing to avoid: ask for the reason.
    const mistake = (r.mistake ?? "").replace(/\.$/, "");
    return `Check ${topic}: you said ${said}, which reads as a common mistake (${mistake}); if you meant it as the thing to avoid, say why it is wrong. The point: ${text}`;
  }
  const why =
    r.why === "opposite" ? "which says the opposite of the point" : "which gives it what belongs to a different idea";
  return `Check ${topic}: you said ${said}, ${why}. The point: ${text}`;
}

/**
 * What to do next: first any point the answer contradicts (quoting the sentence and saying how), then
 * the rest heaviest first. A point the answer named is not asked for again: the advice
 * is to explain it, quoting where it was named. Only points the answer missed are spelled out.
 */
export function improvementsOf(
  question: Question,
  matches: readonly KeyPointMatch[],
  signals: AnswerSignals,
): string[] {
  // A sentence that contradicts several points is quoted once, for the point it came closest to.
  const where = (r: Refutation) => `${r.window.turnId}:${r.window.start}`;
  const closest = new Map<string, KeyPointMatch>();
  for (const m of matches) {
    const c = m.refuted && closest.get(where(m.refuted));
    if (m.refuted && (!c?.refuted || m.refuted.score > c.refuted.score)) closest.set(where(m.refuted), m);
  }
  const refuted = (m: KeyPointMatch) => m.refuted !== null && closest.get(where(m.refuted)) === m;
  const out = [...matches]
    .filter((m) => m.status !== "covered")
    .sort(
      (a, b) => Number(refuted(b)) - Number(refuted(a)) || b.keyPoint.weight - a.keyPoint.weight || b.score - a.score,
    )
    .slice(0, 3)
    .map((m) => {
      const topic = topicOf(m.keyPoint.id);
      if (m.refuted && refuted(m)) return contradiction(topic, m.keyPoint.text, m.refuted);
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
