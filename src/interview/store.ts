import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { grades, sessions, turns } from "../db/schema.ts";
import { AppError } from "../errors.ts";

export type SessionRow = typeof sessions.$inferSelect;
export type TurnRow = typeof turns.$inferSelect;
export type GradeRow = typeof grades.$inferSelect;

/** Loads a session owned by the candidate; anyone else's session is reported as not found. */
export async function findOwnedSession(
  db: Db,
  candidateId: string,
  sessionId: string,
  opts: { lock?: boolean } = {},
): Promise<SessionRow> {
  const q = db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.candidateId, candidateId)));
  const rows = opts.lock ? await q.for("update") : await q;
  const row = rows[0];
  if (!row) throw new AppError("not_found", `No session ${sessionId} for this candidate.`, { field: "id" });
  return row;
}

export function sessionTurns(db: Db, sessionId: string): Promise<TurnRow[]> {
  return db.select().from(turns).where(eq(turns.sessionId, sessionId)).orderBy(asc(turns.seq));
}

export function sessionGrades(db: Db, sessionId: string): Promise<GradeRow[]> {
  return db.select().from(grades).where(eq(grades.sessionId, sessionId)).orderBy(asc(grades.questionIndex));
}

/** Bank questions the candidate was asked most recently, newest first. */
export async function recentlySeenQuestions(db: Db, candidateId: string, limit: number): Promise<string[]> {
  if (limit === 0) return [];
  const rows = await db
    .select({ questionId: turns.questionId, at: sql<Date>`max(${turns.createdAt})` })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .where(and(eq(sessions.candidateId, candidateId), eq(turns.kind, "question")))
    .groupBy(turns.questionId)
    .orderBy(desc(sql`max(${turns.createdAt})`))
    .limit(limit);
  return rows.map((r) => r.questionId);
}

/** Creates the grade row for a question thread unless it exists; skipped threads are ungraded at once. */
export async function ensureGradeRow(
  db: Db,
  session: SessionRow,
  questionIndex: number,
  questionId: string,
  questionVersion: number,
  answered: boolean,
): Promise<void> {
  await db
    .insert(grades)
    .values({
      sessionId: session.id,
      questionIndex,
      questionId,
      rubricVersion: session.rubricVersion,
      questionVersion,
      status: answered ? "pending" : "ungraded",
      reason: answered ? null : "skipped: the candidate gave no answer to this question",
    })
    .onConflictDoNothing();
}

export function candidateSessions(db: Db, candidateId: string, limit = 100): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(eq(sessions.candidateId, candidateId))
    .orderBy(desc(sessions.createdAt))
    .limit(limit);
}

export function gradesForSessions(db: Db, sessionIds: string[]): Promise<GradeRow[]> {
  if (sessionIds.length === 0) return Promise.resolve([]);
  return db.select().from(grades).where(inArray(grades.sessionId, sessionIds));
}
