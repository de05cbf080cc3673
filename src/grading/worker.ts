import type { Content } from "../content/load.ts";
import type { Db } from "../db/client.ts";
import { isDatabaseUnavailable } from "../db/errors.ts";
import type { Logger } from "../log.ts";
import type { JobHandler } from "../queue/contract.ts";
import { enqueueDebriefIfDue, type JobRow, lockSession } from "../queue/store.ts";
import { type GradeOutcome, type GradeWithInput, gradeRow, gradeWithInput, storeGrade } from "../repository/grades.ts";
import type { GradeRow } from "../repository/rows.ts";
import { exchangeOf } from "./exchange.ts";
import { type Grader, UngradableAnswer } from "./types.ts";

export interface GradeJobOptions {
  content: Content;
  grader: Grader;
  /**
   * Used when the primary grader fails. null leaves the answer "ungraded" with the reason instead;
   * either way the reason is stored with the grade.
   */
  fallback: Grader | null;
  logger: Logger;
  /** Queue the session debrief once the last grade of a finished session is stored. */
  debriefs: boolean;
}

/** The "grade" job: grades a question thread (answer plus follow-up answers) and stores the result. */
export function gradeJobHandler(opts: GradeJobOptions): JobHandler {
  return {
    async run(job, ctx) {
      const found = await gradeWithInput(ctx.db, job.gradeId as string);
      const row = found?.row;
      if (!found || !row || (row.status !== "pending" && row.status !== "running")) {
        await ctx.settle(async () => {});
        return;
      }
      const outcome = await gradeThread(opts, row, found.input, ctx.signal);
      await ctx.settle((tx) => store(tx, opts, job, row, outcome));
    },
    async giveUp(tx, job, reason) {
      const row = await gradeRow(tx, job.gradeId as string);
      if (row) await store(tx, opts, job, row, { grader: null, result: null, reason: `not graded: ${reason}` });
    },
  };
}

async function gradeThread(
  opts: GradeJobOptions,
  row: GradeRow,
  stored: GradeWithInput["input"],
  signal: AbortSignal,
): Promise<GradeOutcome> {
  const { content, grader, fallback, logger } = opts;
  const hub = stored ? content.hub(stored.session.roleId) : undefined;
  const question = hub?.questionsById.get(row.questionId);
  if (!stored || !hub || !question) {
    return { grader: null, result: null, reason: "the question is no longer in the question bank" };
  }
  const input = {
    question,
    rubric: hub.rubric,
    exchange: exchangeOf(stored.thread),
    context: { sessionId: row.sessionId, gradeId: row.id },
  };
  try {
    return { grader: grader.info(), result: (await grader.grade(input, signal)).result, reason: null };
  } catch (err) {
    // A shutdown, a lost lease or an unreachable database is not a grader failure: the queue
    // runs the grade again rather than store a fallback.
    if (signal.aborted) throw signal.reason;
    if (isDatabaseUnavailable(err)) throw err;
    const reason = (err as Error).message || String(err);
    if (err instanceof UngradableAnswer) return { grader: null, result: null, reason };
    logger.warn("grader failed", { gradeId: row.id, grader: grader.info().id, reason });
    if (!fallback) return { grader: null, result: null, reason: `${grader.info().id} grader failed: ${reason}` };
    const failed = `${grader.info().id} grader failed (${reason})`;
    try {
      return {
        grader: fallback.info(),
        result: (await fallback.grade(input, signal)).result,
        reason: `${failed}; graded by the ${fallback.info().id} grader instead`,
      };
    } catch (e) {
      if (!(e instanceof UngradableAnswer)) throw e;
      return { grader: null, result: null, reason: `${failed}; no other grader could read it (${e.message})` };
    }
  }
}

/** Stores the grade; true when that queued the session's debrief. */
async function store(
  tx: Db,
  opts: GradeJobOptions,
  job: JobRow,
  row: GradeRow,
  outcome: GradeOutcome,
): Promise<boolean> {
  // Session row before grade row, the order the interview service locks them in.
  if (opts.debriefs) await lockSession(tx, row.sessionId);
  await storeGrade(tx, row.id, { ...outcome, attempts: job.attempts });
  return opts.debriefs && (await enqueueDebriefIfDue(tx, row.sessionId));
}
