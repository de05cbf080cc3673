/**
 * The grading queue across worker processes: `grades` LLM grades with a scripted model that
 * answers after `delayMs`, a total model concurrency C split evenly over N worker processes
 * (MOCKLOOP_ROLE=worker, real child processes of src/server.ts on one PostgreSQL database).
 *
 * Baseline: the ideal throughput C / L (each of the C model slots busy all the time), whatever N.
 * Also counted: grades with more than one successful model call (double-graded) and grades left
 * unfinished once the queue went quiet (stranded); both must be 0.
 */
import { sql } from "drizzle-orm";
import { loadContent } from "../src/content/load.ts";
import { createDatabase } from "../src/db/client.ts";
import { candidates, grades, sessions, turns } from "../src/db/schema.ts";
import { createPgDatabase, type Instance, startInstance, stopInstance } from "../tests/support/instances.ts";
import { firstSentences, questionOfRequest, scriptedGrade } from "../tests/support/llm-app.ts";
import { type RecordedRequest, type ScriptedReply, startScriptedLlm } from "../tests/support/scripted-llm.ts";

export interface QueueBenchResult {
  workers: number;
  grades: number;
  totalConcurrency: number;
  delayMs: number;
  seconds: number;
  throughput: number;
  ideal: number;
  peakModelConcurrency: number;
  doubleGraded: number;
  stranded: number;
}

/** Most model requests in flight at once, from when each arrived and how long it was held. */
function peakOverlap(arrivals: number[], holdMs: number): number {
  const events = arrivals.flatMap((t) => [
    [t, 1],
    [t + holdMs, -1],
  ]);
  events.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let now = 0;
  let peak = 0;
  for (const [, d] of events) {
    now += d as number;
    peak = Math.max(peak, now);
  }
  return peak;
}

export async function benchQueue(
  baseUrl: string,
  opts: { workers: number; grades: number; totalConcurrency: number; delayMs: number },
): Promise<QueueBenchResult> {
  const content = loadContent();
  const hub = [...content.roles.values()][0];
  if (!hub) throw new Error("no role");
  const pg = await createPgDatabase({ empty: true, baseUrl });
  const database = await createDatabase({ databaseUrl: pg.url, maxConnections: 4 });
  await database.migrate();
  const llm = await startScriptedLlm();
  const arrivals: number[] = [];
  llm.otherwise((req: RecordedRequest): ScriptedReply => {
    arrivals.push(Date.now());
    const q = questionOfRequest(req);
    if (!q) return { kind: "status", status: 400, message: "not a grading request" };
    return {
      kind: "json",
      delayMs: opts.delayMs,
      value: scriptedGrade(q, { level: 3, quotes: [firstSentences(q.modelAnswer, 1)] }),
    };
  });
  const workers: Instance[] = [];
  try {
    // Answered one-question sessions whose grade rows exist but are not queued yet.
    const [candidate] = await database.db
      .insert(candidates)
      .values({ tokenHash: `bench-${Date.now()}` })
      .returning();
    const questions = hub.questions;
    for (let start = 0; start < opts.grades; start += 100) {
      const batch = Array.from({ length: Math.min(100, opts.grades - start) }, (_, k) => {
        const q = questions[(start + k) % questions.length] as (typeof questions)[number];
        return q;
      });
      const made = await database.db
        .insert(sessions)
        .values(
          batch.map((q) => ({
            candidateId: candidate?.id as string,
            roleId: hub.role.id,
            rounds: [q.round],
            difficulty: "mixed" as const,
            mode: "typed" as const,
            maxFollowups: 0,
            status: "completed" as const,
            questionIds: [q.id],
            rubricId: hub.rubric.id,
            rubricVersion: hub.rubric.version,
            contentHash: "bench",
          })),
        )
        .returning({ id: sessions.id });
      await database.db.insert(turns).values(
        made.map((s, k) => {
          const q = batch[k] as (typeof batch)[number];
          return {
            sessionId: s.id,
            seq: 0,
            questionIndex: 0,
            questionId: q.id,
            kind: "question" as const,
            prompt: q.text,
            interviewer: "bank",
            status: "answered" as const,
            answer: q.modelAnswer,
            answeredAt: new Date(),
          };
        }),
      );
      await database.db.insert(grades).values(
        made.map((s, k) => {
          const q = batch[k] as (typeof batch)[number];
          return {
            sessionId: s.id,
            questionIndex: 0,
            questionId: q.id,
            rubricVersion: hub.rubric.version,
            questionVersion: q.version,
          };
        }),
      );
    }

    const perWorker = Math.max(1, Math.floor(opts.totalConcurrency / opts.workers));
    for (let w = 0; w < opts.workers; w++) {
      workers.push(
        await startInstance(`bench-w${w}`, {
          MOCKLOOP_ROLE: "worker",
          DATABASE_URL: pg.url,
          OPENAI_BASE_URL: llm.url,
          MOCKLOOP_GRADER_MODEL: "scripted-grader",
          LLM_CONCURRENCY: String(perWorker),
          LLM_TIMEOUT_MS: "30000",
          LLM_SESSION_SUMMARY: "false",
          QUEUE_POLL_MS: "1000",
          LOG_LEVEL: "error",
        }),
      );
    }
    await Promise.all(workers.map((w) => w.waitReady(120_000)));

    const started = Date.now();
    await database.db.execute(
      sql`insert into jobs (kind, session_id, grade_id) select 'grade', session_id, id from grades`,
    );
    await database.db.execute(sql`select pg_notify('mockloop_jobs', '')`);
    const count = async (q: ReturnType<typeof sql>) =>
      Number(((await database.db.execute(q)) as unknown as { n: number }[])[0]?.n ?? 0);
    // Until every job is done, or nothing moved for 30 s (what is left then is stranded).
    let done = 0;
    let moved = Date.now();
    while (done < opts.grades && Date.now() - moved < 30_000) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await count(sql`select count(*)::int as n from jobs where status = 'done'`);
      if (now > done) moved = Date.now();
      done = now;
    }
    const seconds = (moved - started) / 1000;
    // Let anything still running (a double-graded job) show up before counting.
    await new Promise((r) => setTimeout(r, 1500));
    const doubleGraded = await count(sql`
      select count(*)::int as n from (select grade_id from llm_calls where purpose = 'grade' and ok
      group by grade_id having count(*) > 1) d`);
    const stranded = await count(sql`
      select count(*)::int as n from grades where status <> 'graded'`);
    const ideal = opts.totalConcurrency / (opts.delayMs / 1000);
    return {
      workers: opts.workers,
      grades: opts.grades,
      totalConcurrency: perWorker * opts.workers,
      delayMs: opts.delayMs,
      seconds,
      throughput: opts.grades / seconds,
      ideal,
      peakModelConcurrency: peakOverlap(arrivals, opts.delayMs),
      doubleGraded,
      stranded,
    };
  } finally {
    await Promise.all(workers.map((w) => stopInstance(w)));
    await llm.close();
    await database.close();
    await pg.drop();
  }
}
