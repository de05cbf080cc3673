import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { sessions, turns } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import type { NewSession, NewTurn, SessionRow, SessionState, TurnRow } from "./rows.ts";

const notFound = (sessionId: string) =>
  new AppError("not_found", `No session ${sessionId} for this candidate.`, { field: "id" });

/**
 * The candidate's session and its turns in one query; anyone else's session is not found. With
 * lock, the session row stays locked until the caller's transaction ends.
 */
export async function loadSession(
  db: Db,
  candidateId: string,
  sessionId: string,
  opts: { lock?: boolean } = {},
): Promise<SessionState> {
  const q = db
    .select({ session: sessions, turn: turns })
    .from(sessions)
    .leftJoin(turns, eq(turns.sessionId, sessions.id))
    .where(and(eq(sessions.id, sessionId), eq(sessions.candidateId, candidateId)))
    .orderBy(asc(turns.seq));
  const rows = opts.lock ? await q.for("update", { of: sessions }) : await q;
  const first = rows[0];
  if (!first) throw notFound(sessionId);
  return { session: first.session, turns: rows.flatMap((r) => (r.turn ? [r.turn] : [])) };
}

/** Locks a session row for the rest of the transaction and returns its current status. */
export async function lockSession(db: Db, sessionId: string): Promise<SessionRow> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId)).for("update");
  if (!row) throw new AppError("not_found", `No session ${sessionId}.`, { field: "id" });
  return row;
}

/** Bank questions the candidate was asked most recently, newest first. */
export async function recentlySeenQuestions(db: Db, candidateId: string, limit: number): Promise<string[]> {
  if (limit === 0) return [];
  const rows = await db
    .select({ questionId: turns.questionId })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .where(and(eq(sessions.candidateId, candidateId), eq(turns.kind, "question")))
    .groupBy(turns.questionId)
    .orderBy(desc(sql`max(${turns.createdAt})`))
    .limit(limit);
  return rows.map((r) => r.questionId);
}

export async function insertSession(db: Db, values: NewSession): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(values).returning();
  if (!row) throw new AppError("internal_error", "The session could not be created.");
  return row;
}

/** Inserts a turn; null when another request already took its (session, seq) place. */
export async function insertTurn(db: Db, values: NewTurn): Promise<TurnRow | null> {
  const [row] = await db.insert(turns).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function turnAt(db: Db, sessionId: string, seq: number): Promise<TurnRow | null> {
  const [row] = await db
    .select()
    .from(turns)
    .where(and(eq(turns.sessionId, sessionId), eq(turns.seq, seq)));
  return row ?? null;
}

export type TurnClosing = Partial<
  Pick<NewTurn, "status" | "answer" | "answerMode" | "answerDurationMs" | "idempotencyKey" | "delivery" | "decision">
>;

/**
 * Closes an open turn (answered or skipped), or adds the decision that followed a closed one.
 * Closing checks the turn is still open as it writes: a concurrent request that closed it first
 * makes this one fail with turn_already_answered, even if it read the session before that commit.
 */
export async function closeTurn(db: Db, turnId: string, fields: TurnClosing): Promise<TurnRow> {
  const closing = fields.status !== undefined;
  const [row] = await db
    .update(turns)
    .set(closing ? { ...fields, answeredAt: new Date() } : fields)
    .where(and(eq(turns.id, turnId), closing ? eq(turns.status, "open") : undefined))
    .returning();
  if (!row && closing) {
    throw new AppError("turn_already_answered", `Turn ${turnId} was already answered.`, { field: "turnId" });
  }
  if (!row) throw new AppError("internal_error", `Turn ${turnId} could not be updated.`);
  return row;
}

/** Marks every open turn of the session skipped and returns them. */
export function skipOpenTurns(db: Db, sessionId: string): Promise<TurnRow[]> {
  return db
    .update(turns)
    .set({ status: "skipped", answeredAt: new Date() })
    .where(and(eq(turns.sessionId, sessionId), eq(turns.status, "open")))
    .returning();
}

export async function closeSession(db: Db, sessionId: string, status: "completed" | "ended"): Promise<SessionRow> {
  const [row] = await db
    .update(sessions)
    .set({ status, endedAt: new Date() })
    .where(eq(sessions.id, sessionId))
    .returning();
  if (!row) throw new AppError("internal_error", `Session ${sessionId} could not be closed.`);
  return row;
}
