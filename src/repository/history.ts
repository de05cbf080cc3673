import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { grades, sessions, turns } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import type { GradeRow, SessionRow, SessionState } from "./rows.ts";

export interface HistoryRow {
  session: SessionRow;
  /** Bank questions asked so far (distinct question threads). */
  questionsAsked: number;
  grades: GradeRow[];
}

export interface HistoryPage {
  rows: HistoryRow[];
  /** All of the candidate's sessions, on every page. */
  total: number;
  /** Pass back to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Where a page ends: the exact created_at text from the database (microseconds kept) and the id. */
type Cursor = [createdAt: string, id: string];

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === "string" &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return value as Cursor;
    }
  } catch {
    // reported below
  }
  throw new AppError("validation_failed", "The cursor is not one this server returned; start again without it.", {
    field: "cursor",
  });
}

/**
 * One page of the candidate's sessions, newest first, with each one's grades: two queries
 * whatever the page size (sessions with their counts, then the grades of those sessions).
 */
export async function historyPage(
  db: Db,
  candidateId: string,
  opts: { limit: number; cursor?: string },
): Promise<HistoryPage> {
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  const rows = await db
    .select({
      session: sessions,
      createdAtText: sql<string>`${sessions.createdAt}::text`,
      // Qualified by hand: in a select list drizzle names columns without their table, and inside
      // the subquery an unqualified "id" is the turn's, which counted nothing.
      questionsAsked: sql<number>`(select count(distinct t.question_index) from ${turns} t where t.session_id = ${sessions}.id)::int`,
      total: sql<number>`(select count(*) from ${sessions} s2 where s2.candidate_id = ${candidateId})::int`,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.candidateId, candidateId),
        after
          ? sql`(${sessions.createdAt}, ${sessions.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const ids = page.map((r) => r.session.id);
  const gradeRows =
    ids.length === 0
      ? []
      : await db.select().from(grades).where(inArray(grades.sessionId, ids)).orderBy(asc(grades.questionIndex));
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({
      session: r.session,
      questionsAsked: r.questionsAsked,
      grades: gradeRows.filter((g) => g.sessionId === r.session.id),
    })),
    total: rows[0]?.total ?? (after ? await countSessions(db, candidateId) : 0),
    nextCursor: rows.length > opts.limit && last ? encodeCursor([last.createdAtText, last.session.id]) : null,
  };
}

async function countSessions(db: Db, candidateId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sessions)
    .where(eq(sessions.candidateId, candidateId));
  return row?.n ?? 0;
}

/** A session with its turns and grade rows, in one query (a grade joins the turns of its thread). */
export async function sessionWithTurnsAndGrades(
  db: Db,
  candidateId: string,
  sessionId: string,
): Promise<SessionState & { grades: GradeRow[] }> {
  const rows = await db
    .select({ session: sessions, turn: turns, grade: grades })
    .from(sessions)
    .leftJoin(turns, eq(turns.sessionId, sessions.id))
    .leftJoin(grades, and(eq(grades.sessionId, sessions.id), eq(grades.questionIndex, turns.questionIndex)))
    .where(and(eq(sessions.id, sessionId), eq(sessions.candidateId, candidateId)))
    .orderBy(asc(turns.seq));
  const first = rows[0];
  if (!first) throw new AppError("not_found", `No session ${sessionId} for this candidate.`, { field: "id" });
  const byId = new Map<string, GradeRow>();
  for (const r of rows) if (r.grade) byId.set(r.grade.id, r.grade);
  return {
    session: first.session,
    turns: rows.flatMap((r) => (r.turn ? [r.turn] : [])),
    grades: [...byId.values()].sort((a, b) => a.questionIndex - b.questionIndex),
  };
}
