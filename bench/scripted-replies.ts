import type { Question } from "../src/content/schema.ts";
import type { RecordedRequest, ScriptedReply, ScriptedUsage } from "../tests/support/scripted-llm.ts";

type Extra = { delayMs?: number; usage?: ScriptedUsage };

/** The bank question a grading or follow-up request is about, read from the prompt the app sent. */
export function questionOfRequest(questions: readonly Question[], req: RecordedRequest): Question {
  const text = req.body.messages.map((m) => m.content ?? "").join("\n");
  const id = /Question \(([a-z0-9-]+)\):/.exec(text)?.[1];
  const q = questions.find((x) => x.id === id) ?? questions[0];
  if (!q) throw new Error("no question");
  return q;
}

/**
 * A valid grade for the question the grading request names: every competency at level 3, every
 * key point covered, quoting the first sentence of the model answer.
 */
export function scriptedGrade(questions: readonly Question[], req: RecordedRequest, extra: Extra = {}): ScriptedReply {
  const q = questionOfRequest(questions, req);
  const quote = (q.modelAnswer.match(/[^.!?]+[.!?]/) ?? [q.modelAnswer])[0].trim();
  return {
    kind: "json",
    ...extra,
    value: {
      competencies: q.competencies.map((competencyId) => ({
        competencyId,
        evidence: [quote],
        rationale: "r",
        level: "3",
      })),
      keyPoints: q.keyPoints.map((k) => ({ keyPointId: k.id, evidence: [quote], status: "covered" })),
      strengths: ["s"],
      improvements: ["i"],
      summary: "ok",
    },
  };
}

/** A streamed follow-up on the question's heaviest key point: the decision line, then the question in chunks. */
export function scriptedFollowup(
  questions: readonly Question[],
  req: RecordedRequest,
  extra: Extra & { chunkDelayMs?: number } = {},
): ScriptedReply {
  const q = questionOfRequest(questions, req);
  const target = [...q.keyPoints].sort((a, b) => b.weight - a.weight)[0];
  const header = { action: "follow-up", keyPointId: target?.id ?? null, competencyId: null, reason: "not yet shown" };
  const text = "Before you change anything, how would you check that what you describe is really happening?";
  return { kind: "stream", ...extra, chunks: [`${JSON.stringify(header)}\n`, ...(text.match(/.{1,12}/g) ?? [])] };
}
