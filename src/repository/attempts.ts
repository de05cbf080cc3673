import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { grades, sessions, turns } from "../db/schema.ts";
import type { GradeRow, TurnRow } from "./rows.ts";

export interface AttemptRow {
  grade: GradeRow;
  /** The thread's turns (the question and its follow-ups), in order. */
  turns: TurnRow[];
}

/**
 * The candidate's attempts at one question, oldest first: the newest `limit` grade rows of that
 * question in the candidate's sessions of the role, then the turns of those threads. Two queries
 * however many attempts there are.
 */
export async function questionAttemptRows(
  db: Db,
  candidateId: string,
  roleId: string,
  questionId: string,
  limit: number,
): Promise<AttemptRow[]> {
  const rows = await db
    .select({ grade: grades })
    .from(grades)
    .innerJoin(sessions, eq(sessions.id, grades.sessionId))
    .where(and(eq(sessions.candidateId, candidateId), eq(sessions.roleId, roleId), eq(grades.questionId, questionId)))
    .orderBy(desc(sessions.createdAt), desc(grades.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const threadTurns = await db
    .select({ turn: turns })
    .from(turns)
    .innerJoin(grades, and(eq(grades.sessionId, turns.sessionId), eq(grades.questionIndex, turns.questionIndex)))
    .where(
      inArray(
        grades.id,
        rows.map((r) => r.grade.id),
      ),
    )
    .orderBy(asc(turns.seq));
  return rows.reverse().map((r) => ({
    grade: r.grade,
    turns: threadTurns
      .filter((t) => t.turn.sessionId === r.grade.sessionId && t.turn.questionIndex === r.grade.questionIndex)
      .map((t) => t.turn),
  }));
}
