import type { Content } from "../content/load.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { sessionWithGrades, storeSessionSummary } from "../repository/grades.ts";
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
  const stored = await sessionWithGrades(db, sessionId);
  if (!stored || stored.session.status === "active" || stored.session.summary) return;
  const { session, grades: rows } = stored;
  const hub = content.hub(session.roleId);
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
    await storeSessionSummary(db, sessionId, { ...out, createdAt: new Date().toISOString() });
  } catch (err) {
    logger.warn("session summary failed", { sessionId, error: (err as Error).message });
  }
}
