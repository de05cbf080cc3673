import { randomUUID } from "node:crypto";
import { and, eq, getTableColumns, inArray, type SQLWrapper, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedAnywhere } from "../db/prepared.ts";
import { grades, jobs, sessions } from "../db/schema.ts";

/** All SQL on the jobs table: enqueueing, claiming under a lease, renewing, finishing, retrying. */

export type JobRow = typeof jobs.$inferSelect;

/** Channel every enqueue notifies (delivered at commit), so idle workers on any instance wake up. */
export const JOBS_CHANNEL = "mockloop_jobs";

/**
 * The NOTIFY payload of grades this process queued and kicks its own runner for (the interview
 * service's onGradesQueued); the runner here ignores them, the other instances' runners do not.
 */
export const QUEUED_HERE = randomUUID();

const notify = (db: Db) => db.execute(sql`select pg_notify(${JOBS_CHANNEL}, '')`);

/**
 * Inserts grade rows and queues the new pending ones, in one statement: `created` is an insert into
 * grades returning id, session_id and status. Returns nothing; the notify is delivered at commit.
 */
export async function insertAndEnqueueGrades(db: Db, created: SQLWrapper): Promise<void> {
  await db.execute(sql`with created as (${created.getSQL()}),
    queued as (
      insert into ${jobs} (kind, grade_id, session_id)
      select 'grade', id, session_id from created where status = 'pending'
      on conflict do nothing
    )
    select pg_notify(${JOBS_CHANNEL}, ${QUEUED_HERE}) from created where status = 'pending' limit 1`);
}

export async function lockSession(db: Db, sessionId: string): Promise<void> {
  await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId)).for("update");
}

/**
 * Queues the session debrief once the session is over and none of its grades is still open, at
 * most once per session (a unique index). Locks the session row so that two grades finishing
 * together cannot both miss the moment.
 */
export async function enqueueDebriefIfDue(db: Db, sessionId: string): Promise<boolean> {
  const [session] = await db
    .select({ status: sessions.status, summary: sessions.summary })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .for("update");
  if (!session || session.status === "active" || session.summary) return false;
  const rows = await db.select({ status: grades.status }).from(grades).where(eq(grades.sessionId, sessionId));
  if (rows.length === 0 || rows.some((g) => g.status === "pending" || g.status === "running")) return false;
  if (!rows.some((g) => g.status === "graded")) return false;
  const inserted = await db
    .insert(jobs)
    .values({ kind: "debrief", sessionId })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  if (inserted.length > 0) await notify(db);
  return inserted.length > 0;
}

/** Due: queued and past its run_after, or running under a lease its owner stopped renewing. */
const DUE = sql`((status = 'queued' and run_after <= now()) or (status = 'running' and lease_expires_at < now()))`;

const claimJobQuery = preparedAnywhere((db) =>
  db
    .update(jobs)
    .set({
      status: "running",
      leaseOwner: sql.placeholder("owner") as unknown as string,
      leaseExpiresAt: sql`now() + make_interval(secs => ${sql.placeholder("leaseSecs")})`,
      attempts: sql`${jobs.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(jobs.id, sql`(select id from ${jobs} where ${DUE} order by run_after limit 1 for update skip locked)`))
    // Read from the statement's snapshot, where the claimed job is still due: hence the id test.
    // Spelled out, as drizzle writes returned columns without their table ("id" would mean other.id).
    .returning({
      ...getTableColumns(jobs),
      more: sql<boolean>`exists (select 1 from ${jobs} other where ${DUE} and other.id <> "jobs"."id")`.mapWith(
        Boolean,
      ),
    })
    .prepare("claim_job"),
);

export interface Claim {
  job: JobRow;
  /** Another job was due when this one was claimed: worth claiming again at once. */
  more: boolean;
}

/** Takes the oldest due job, or one whose owner stopped renewing its lease. */
export async function claimJob(db: Db, owner: string, leaseMs: number): Promise<Claim | null> {
  const rows = await claimJobQuery(db).execute({ owner, leaseSecs: leaseMs / 1000 });
  const row = rows[0];
  if (!row) return null;
  const { more, ...job } = row;
  return { job, more };
}

/** Extends the leases this owner still holds; returns the ids it holds (the others were taken over). */
export async function renewLeases(db: Db, owner: string, ids: string[], leaseMs: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .update(jobs)
    .set({ leaseExpiresAt: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where(and(inArray(jobs.id, ids), eq(jobs.leaseOwner, owner), eq(jobs.status, "running")))
    .returning({ id: jobs.id });
  return new Set(rows.map((r) => r.id));
}

const settleJobQuery = preparedAnywhere((db) =>
  db
    .update(jobs)
    .set({
      status: sql.placeholder("status") as unknown as "done",
      lastError: sql.placeholder("error") as unknown as string,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(jobs.id, sql.placeholder("id")),
        eq(jobs.leaseOwner, sql.placeholder("owner")),
        eq(jobs.status, "running"),
      ),
    )
    .returning({ id: jobs.id })
    .prepare("settle_job"),
);

/** Marks the job done or failed if this owner still holds it; false when the lease was lost. */
export async function settleJob(
  db: Db,
  id: string,
  owner: string,
  outcome: { status: "done" | "failed"; error?: string | null },
): Promise<boolean> {
  const rows = await settleJobQuery(db).execute({ id, owner, status: outcome.status, error: outcome.error ?? null });
  return rows.length > 0;
}

/** Puts a failed job back in the queue, due after delayMs. */
export async function retryJobLater(db: Db, id: string, owner: string, delayMs: number, error: string) {
  await db
    .update(jobs)
    .set({
      status: "queued",
      runAfter: sql`now() + make_interval(secs => ${delayMs / 1000})`,
      lastError: error,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner), eq(jobs.status, "running")));
}

/**
 * Hands jobs back untouched (a shutdown, not a failure: the attempt is not counted) so that
 * another instance takes them at once. With ids omitted, every job the owner holds.
 */
export async function releaseJobs(db: Db, owner: string, ids?: string[]): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({
      status: "queued",
      runAfter: sql`now()`,
      attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(jobs.leaseOwner, owner), eq(jobs.status, "running"), ids ? inArray(jobs.id, ids) : sql`true`))
    .returning({ id: jobs.id });
  if (rows.length > 0) await notify(db);
  return rows.length;
}

/** With embedded PGlite only one process can open the data, so every running job is an orphan. */
export async function releaseAllRunning(db: Db): Promise<void> {
  await db
    .update(jobs)
    .set({ status: "queued", runAfter: sql`now()`, leaseOwner: null, leaseExpiresAt: null })
    .where(eq(jobs.status, "running"));
}
