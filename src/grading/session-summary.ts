import { and, eq, isNull } from "drizzle-orm";
import type { Content } from "../content/load.ts";
import type { Db } from "../db/client.ts";
import { grades, sessions } from "../db/schema.ts";
import type { Logger } from "../log.ts";
import type { SessionSummary, SummaryInput } from "./llm/summary.ts";
import { buildScorecard } from "./scorecard.ts";

export interface SessionSummarizer {
  summarize(input: SummaryInput): Promise<SessionSummary>;
}

/**
 * Writes the session debrief once the session is over and every answer has its grade. Built only
 * from stored grades; a failure leaves the session without a debrief and is logged, nothing else.
 */
export async function summarizeIfComplete(
  db: Db,
  content: Content,
  summarizer: SessionSummarizer,
  sessionId: string,
  logger: Logger,
): Promise<void> {
  const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  if (!session || session.status === "active" || session.summary) return;
  const hub = content.hub(session.roleId);
  const rows = await db.select().from(grades).where(eq(grades.sessionId, sessionId));
  if (!hub || rows.some((g) => g.status === "pending" || g.status === "running")) return;
  const graded = rows.filter((g) => g.status === "graded" && g.result);
  if (graded.length === 0) return;
  const scorecard = buildScorecard({ rubric: hub.rubric, questionsAsked: rows.length, grades: rows });
  try {
    const out = await summarizer.summarize({
      sessionId,
      rubric: hub.rubric,
      competencyMeans: scorecard.competencies.map((c) => ({ competencyId: c.competencyId, mean: c.mean })),
      grades: graded.map((g) => ({
        questionText: hub.questionsById.get(g.questionId)?.text ?? g.questionId,
        result: g.result as NonNullable<typeof g.result>,
      })),
    });
    await db
      .update(sessions)
      .set({ summary: { ...out, createdAt: new Date().toISOString() } })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.summary)));
  } catch (err) {
    logger.warn("session summary failed", { sessionId, error: (err as Error).message });
  }
}
