import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedAnywhere } from "../db/prepared.ts";
import { sessions, turns } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import type { NewSession, NewTurn, SessionRow, SessionState, TurnRow } from "./rows.ts";

const notFound = (sessionId: string) =>
  new AppError("not_found", `No session ${sessionId} for this candidate.`, { field: "id" });

/**
 * The candidate's session and its turns in one query; anyone else's session is not found. With
 * lock, the session row stays locked until the caller's transaction ends.
 */
const sessionWithTurns = (db: Db) =>
  db
    .select({ session: sessions, turn: turns })
    .from(sessions)
    .leftJoin(turns, eq(turns.sessionId, sessions.id))
    .where(and(eq(sessions.id, sql.placeholder("sessionId")), eq(sessions.candidateId, sql.placeholder("candidateId"))))
    .orderBy(asc(turns.seq));
/** Every turn reads its session this way: prepared, as building drizzle's SQL costs more than sending it. */
const loadSessionQuery = preparedAnywhere((db) => sessionWithTurns(db).prepare("load_session"));
const loadSessionLockedQuery = preparedAnywhere((db) =>
  sessionWithTurns(db).for("update", { of: sessions }).prepare("load_session_locked"),
);

export async function loadSession(
  db: Db,
  candidateId: string,
  sessionId: string,
  opts: { lock?: boolean } = {},
): Promise<SessionState> {
  const rows = await (opts.lock ? loadSessionLockedQuery : loadSessionQuery)(db).execute({ sessionId, candidateId });
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

/** The columns a new prompt sets; the rest take their defaults. */
const TURN_INSERT_COLUMNS = [
  "sessionId",
  "seq",
  "questionIndex",
  "questionId",
  "kind",
  "prompt",
  "targetKeyPointId",
  "targetCompetencyId",
  "interviewer",
  "interviewerModel",
  "promptVersion",
] as const satisfies readonly (keyof NewTurn)[];

const insertTurnQuery = preparedAnywhere((db) =>
  db
    .insert(turns)
    .values(Object.fromEntries(TURN_INSERT_COLUMNS.map((c) => [c, sql.placeholder(c)])) as unknown as NewTurn)
    .onConflictDoNothing()
    .returning()
    .prepare("insert_turn"),
);

/** Inserts a turn; null when another request already took its (session, seq) place. */
export async function insertTurn(db: Db, values: NewTurn): Promise<TurnRow | null> {
  const known = Object.keys(values).every((k) => (TURN_INSERT_COLUMNS as readonly string[]).includes(k));
  if (known) {
    const params = Object.fromEntries(TURN_INSERT_COLUMNS.map((c) => [c, values[c] ?? null]));
    const [row] = await insertTurnQuery(db).execute(params);
    return row ?? null;
  }
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

/** The fields an answer sets when the offline interviewer decides in the same transaction. */
const ANSWER_FIELDS = [
  "status",
  "answer",
  "answerMode",
  "answerDurationMs",
  "idempotencyKey",
  "delivery",
  "decision",
] as const satisfies readonly (keyof TurnClosing)[];

const answerTurnQuery = preparedAnywhere((db) =>
  db
    .update(turns)
    .set({
      ...(Object.fromEntries([...ANSWER_FIELDS, "answeredAt"].map((c) => [c, sql.placeholder(c)])) as TurnClosing),
      // A typed answer has no delivery: SQL NULL, as the unprepared update writes, not the JSON null
      // a placeholder's jsonb encoder would make of it.
      delivery: sql`${sql.placeholder("delivery")}::jsonb`,
    })
    .where(and(eq(turns.id, sql.placeholder("turnId")), eq(turns.status, "open")))
    .returning()
    .prepare("answer_turn"),
);

/**
 * Closes an open turn (answered or skipped), or adds the decision that followed a closed one.
 * Closing checks the turn is still open as it writes: a concurrent request that closed it first
 * makes this one fail with turn_already_answered, even if it read the session before that commit.
 */
export async function closeTurn(db: Db, turnId: string, fields: TurnClosing): Promise<TurnRow> {
  const closing = fields.status !== undefined;
  const keys = Object.keys(fields);
  const full = closing && keys.length === ANSWER_FIELDS.length && ANSWER_FIELDS.every((k) => k in fields);
  const [row] = full
    ? await answerTurnQuery(db).execute({
        ...fields,
        delivery: fields.delivery == null ? null : JSON.stringify(fields.delivery),
        answeredAt: new Date(),
        turnId,
      })
    : await db
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
