import { eq, sql } from "drizzle-orm";
import type { Content } from "../content/load.ts";
import type { Db } from "../db/client.ts";
import { grades } from "../db/schema.ts";
import type { Logger } from "../log.ts";
import { gradingInput, requeueRunningGrades, storeGrade } from "../repository/grades.ts";
import { exchangeOf } from "./exchange.ts";
import type { Grader, GraderOutput } from "./types.ts";

export interface GradingWorkerOptions {
  db: Db;
  content: Content;
  grader: Grader;
  /**
   * Used when the primary grader fails. null leaves the answer "ungraded" with the reason instead;
   * either way the reason is stored with the grade.
   */
  fallback: Grader | null;
  logger: Logger;
  concurrency?: number;
  /** Runs after each stored grade, e.g. to write the session debrief once the last one lands. */
  afterGrade?: (sessionId: string) => Promise<void>;
}

type GradeRow = typeof grades.$inferSelect;

/**
 * Runs queued grades apart from requests. Work lives in the grades table, so a restart loses
 * nothing: start() puts rows left "running" by a stopped process back in the queue.
 */
export class GradingWorker {
  private active = 0;
  private wanted = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;

  constructor(private readonly opts: GradingWorkerOptions) {
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await requeueRunningGrades(this.opts.db);
    this.kick();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Signals that new work may be queued. Cheap; safe to call often. */
  kick(): void {
    if (this.stopped) return;
    this.wanted = true;
    while (this.active < this.concurrency) {
      this.active++;
      void this.loop().finally(() => {
        this.active--;
        if (this.wanted && !this.stopped) this.kick();
        else if (this.active === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  /** Resolves when no grade is queued or running in this process. */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.wanted = false;
      const row = await this.claim();
      if (!row) return;
      try {
        await this.gradeOne(row);
      } catch (err) {
        this.opts.logger.error("grading crashed", { gradeId: row.id, error: (err as Error).message });
        await storeGrade(this.opts.db, row.id, {
          grader: null,
          result: null,
          reason: `internal error while grading: ${(err as Error).message}`,
        });
      }
    }
  }

  private async claim(): Promise<GradeRow | null> {
    const rows = await this.opts.db
      .update(grades)
      .set({ status: "running", attempts: sql`${grades.attempts} + 1`, updatedAt: new Date() })
      .where(
        eq(
          grades.id,
          sql`(select id from ${grades} where status = 'pending' order by created_at limit 1 for update skip locked)`,
        ),
      )
      .returning();
    return rows[0] ?? null;
  }

  private async gradeOne(row: GradeRow): Promise<void> {
    const { db, content, grader, fallback, logger } = this.opts;
    const stored = await gradingInput(db, row);
    const hub = stored ? content.hub(stored.session.roleId) : undefined;
    const question = hub?.questionsById.get(row.questionId);
    if (!stored || !hub || !question) {
      await this.finish(row, null, null, "the question is no longer in the question bank");
      return;
    }
    const { thread } = stored;
    const input = {
      question,
      rubric: hub.rubric,
      exchange: exchangeOf(thread),
      context: { sessionId: row.sessionId, gradeId: row.id },
    };
    try {
      const output = await grader.grade(input);
      await this.finish(row, grader, output, null);
    } catch (err) {
      const reason = (err as Error).message || String(err);
      logger.warn("grader failed", { gradeId: row.id, grader: grader.info().id, reason });
      if (!fallback) {
        await this.finish(row, null, null, `${grader.info().id} grader failed: ${reason}`);
        return;
      }
      const output = await fallback.grade(input);
      await this.finish(
        row,
        fallback,
        output,
        `${grader.info().id} grader failed (${reason}); graded by the ${fallback.info().id} grader instead`,
      );
    }
  }

  private async finish(row: GradeRow, grader: Grader | null, output: GraderOutput | null, reason: string | null) {
    await storeGrade(this.opts.db, row.id, { grader: grader?.info() ?? null, result: output?.result ?? null, reason });
    if (this.opts.afterGrade) await this.opts.afterGrade(row.sessionId);
  }
}
