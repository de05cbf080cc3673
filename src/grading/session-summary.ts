import type { Content } from "../content/load.ts";
import type { Db } from "../db/client.ts";
import type { JobHandler } from "../queue/contract.ts";
import { sessionWithGrades, storeSessionSummary } from "../repository/grades.ts";
import type { SessionSummary, SummaryInput } from "./llm/summary.ts";
import { buildScorecard } from "./scorecard.ts";

export interface SessionSummarizer {
  summarize(input: SummaryInput, signal?: AbortSignal): Promise<SessionSummary>;
}

/**
 * What the debrief is written from: stored grades only. Null when there is nothing to write (the
 * session has its debrief already, is still running, or has no graded answer).
 */
export async function summaryInput(db: Db, content: Content, sessionId: string): Promise<SummaryInput | null> {
  const stored = await sessionWithGrades(db, sessionId);
  if (!stored || stored.session.status === "active" || stored.session.summary) return null;
  const { session, grades: rows } = stored;
  const hub = content.hub(session.roleId);
  const graded = rows.filter((g) => g.status === "graded" && g.result);
  if (!hub || graded.length === 0) return null;
  const scorecard = buildScorecard({ rubric: hub.rubric, questionsAsked: rows.length, grades: rows });
  return {
    sessionId,
    rubric: hub.rubric,
    competencyMeans: scorecard.competencies.map((c) => ({ competencyId: c.competencyId, mean: c.mean })),
    grades: graded.map((g) => ({
      questionText: hub.questionsById.get(g.questionId)?.text ?? g.questionId,
      result: g.result as NonNullable<typeof g.result>,
    })),
  };
}

/**
 * The "debrief" job, queued once per session when its last grade is stored (src/queue/store.ts).
 * A failed model call is retried by the queue with backoff; when the attempts are used up the
 * session stays without a debrief and the job keeps the reason.
 */
export function debriefJobHandler(content: Content, summarizer: SessionSummarizer): JobHandler {
  return {
    async run(job, ctx) {
      const input = await summaryInput(ctx.db, content, job.sessionId);
      if (!input) {
        await ctx.settle(async () => {});
        return;
      }
      const out = await summarizer.summarize(input, ctx.signal);
      await ctx.settle((tx) => storeSessionSummary(tx, job.sessionId, { ...out, createdAt: new Date().toISOString() }));
    },
    async giveUp() {},
  };
}
