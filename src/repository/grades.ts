import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedAnywhere, preparedPerDb } from "../db/prepared.ts";
import type { GradeResult, StoredSessionSummary } from "../db/records.ts";
import { grades, sessions, turns } from "../db/schema.ts";
import { insertAndEnqueueGrades } from "../queue/store.ts";
import type { GradeRow, NewGrade, SessionRow, TurnRow } from "./rows.ts";

/**
 * Queues grade rows for closed question threads; a thread that already has one keeps it. One
 * statement: the rows, the jobs for the pending ones and the notify.
 */
export async function ensureGradeRows(db: Db, rows: NewGrade[]): Promise<void> {
  if (rows.length === 0) return;
  await insertAndEnqueueGrades(
    db,
    db
      .insert(grades)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: grades.id, sessionId: grades.sessionId, status: grades.status }),
  );
}

export async function gradeRow(db: Db, gradeId: string): Promise<GradeRow | null> {
  const [row] = await db.select().from(grades).where(eq(grades.id, gradeId));
  return row ?? null;
}

/** A grade row with what grading it needs; the input is null when the session is gone. */
export interface GradeWithInput {
  row: GradeRow;
  input: { session: SessionRow; thread: TurnRow[] } | null;
}

/** The worker runs it for every grade. */
const gradeWithInputQuery = preparedPerDb((db) =>
  db
    .select({ grade: grades, session: sessions, turn: turns })
    .from(grades)
    .leftJoin(sessions, eq(sessions.id, grades.sessionId))
    .leftJoin(
      turns,
      and(
        eq(turns.sessionId, grades.sessionId),
        eq(turns.questionIndex, grades.questionIndex),
        eq(turns.status, "answered"),
      ),
    )
    .where(eq(grades.id, sql.placeholder("gradeId")))
    .orderBy(asc(turns.seq))
    .prepare("grade_with_input"),
);

/** A grade row, its session and the answered turns of its thread, in one query. */
export async function gradeWithInput(db: Db, gradeId: string): Promise<GradeWithInput | null> {
  const rows = await gradeWithInputQuery(db).execute({ gradeId });
  const first = rows[0];
  if (!first) return null;
  return {
    row: first.grade,
    input: first.session ? { session: first.session, thread: rows.flatMap((r) => (r.turn ? [r.turn] : [])) } : null,
  };
}

export interface GradeOutcome {
  grader: { id: string; version: string; model: string | null; promptVersion: string | null } | null;
  result: GradeResult | null;
  reason: string | null;
  /** How many times the queue tried this grade. */
  attempts?: number;
}

/** The worker stores every grade with it. Nullable jsonb and timestamps are cast, so null stays SQL NULL. */
const storeGradeQuery = preparedAnywhere((db) => {
  const p = (name: string) => sql.placeholder(name) as unknown as string;
  return db
    .update(grades)
    .set({
      status: p("status") as "graded",
      attempts: p("attempts") as unknown as number,
      grader: p("grader"),
      graderVersion: p("graderVersion"),
      model: p("model"),
      promptVersion: p("promptVersion"),
      result: sql`${sql.placeholder("result")}::jsonb`,
      reason: p("reason"),
      updatedAt: sql`${sql.placeholder("updatedAt")}::timestamptz`,
      gradedAt: sql`${sql.placeholder("gradedAt")}::timestamptz`,
    })
    .where(eq(grades.id, sql.placeholder("gradeId")))
    .prepare("store_grade");
});

/** Stores a grade, or "ungraded" with the reason when there is no result. */
export async function storeGrade(db: Db, gradeId: string, outcome: GradeOutcome): Promise<void> {
  const { grader, result, reason, attempts } = outcome;
  const now = new Date();
  if (attempts !== undefined) {
    await storeGradeQuery(db).execute({
      gradeId,
      status: result ? "graded" : "ungraded",
      attempts,
      grader: grader?.id ?? null,
      graderVersion: grader?.version ?? null,
      model: grader?.model ?? null,
      promptVersion: grader?.promptVersion ?? null,
      result: result ? JSON.stringify(result) : null,
      reason,
      updatedAt: now.toISOString(),
      gradedAt: result ? now.toISOString() : null,
    });
    return;
  }
  await db
    .update(grades)
    .set({
      status: result ? "graded" : "ungraded",
      grader: grader?.id ?? null,
      graderVersion: grader?.version ?? null,
      model: grader?.model ?? null,
      promptVersion: grader?.promptVersion ?? null,
      result,
      reason,
      updatedAt: now,
      gradedAt: result ? now : null,
    })
    .where(eq(grades.id, gradeId));
}

/** A session with its grade rows, for the end-of-session debrief. */
export async function sessionWithGrades(
  db: Db,
  sessionId: string,
): Promise<{ session: SessionRow; grades: GradeRow[] } | null> {
  const rows = await db
    .select({ session: sessions, grade: grades })
    .from(sessions)
    .leftJoin(grades, eq(grades.sessionId, sessions.id))
    .where(eq(sessions.id, sessionId))
    .orderBy(asc(grades.questionIndex));
  const first = rows[0];
  if (!first) return null;
  return { session: first.session, grades: rows.flatMap((r) => (r.grade ? [r.grade] : [])) };
}

/** Stores the debrief unless one was stored meanwhile. */
export async function storeSessionSummary(db: Db, sessionId: string, summary: StoredSessionSummary): Promise<void> {
  await db
    .update(sessions)
    .set({ summary })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.summary)));
}
