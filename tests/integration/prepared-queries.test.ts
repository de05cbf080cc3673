import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Database, Db } from "../../src/db/client.ts";
import { candidates, grades, sessions, turns } from "../../src/db/schema.ts";
import { storeGrade } from "../../src/repository/grades.ts";
import { closeTurn, insertTurn, loadSession } from "../../src/repository/sessions.ts";
import { freshDatabase } from "../support/db.ts";

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

class Rollback extends Error {}

/** A candidate and a session with no turns, committed. */
async function seed(db: Db) {
  const [candidate] = await db
    .insert(candidates)
    .values({ tokenHash: `h${Math.random()}` })
    .returning();
  const [session] = await db
    .insert(sessions)
    .values({
      candidateId: candidate!.id,
      roleId: "ml-engineer",
      rounds: ["ml-fundamentals"],
      difficulty: "medium",
      mode: "typed",
      maxFollowups: 1,
      questionIds: ["overfitting"],
      rubricId: "ml-engineer",
      rubricVersion: 1,
      contentHash: "test",
    })
    .returning();
  return { candidateId: candidate!.id, sessionId: session!.id };
}

const bankTurn = (sessionId: string) => ({
  sessionId,
  seq: 0,
  questionIndex: 0,
  questionId: "overfitting",
  kind: "question" as const,
  prompt: "What is overfitting?",
  interviewer: "bank",
});

const answer = {
  status: "answered" as const,
  answer: "It memorises noise.",
  answerMode: "typed" as const,
  answerDurationMs: null,
  idempotencyKey: null,
  delivery: null,
  decision: { by: "offline", action: "move-on", reason: "r" } as never,
};

describe("prepared turn queries run inside the caller's transaction", () => {
  it("a rolled-back transaction leaves no trace of the prepared insert and update", async () => {
    database = await freshDatabase();
    const { db } = database;
    const { candidateId, sessionId } = await seed(db);
    // Twice: the first transaction builds the prepared queries, the second reuses them on its own handle.
    for (let i = 0; i < 2; i++) {
      await expect(
        db.transaction(async (tx) => {
          const t = tx as unknown as Db;
          const turn = await insertTurn(t, bankTurn(sessionId));
          await closeTurn(t, turn!.id, answer);
          const inside = await loadSession(t, candidateId, sessionId, { lock: true });
          expect(inside.turns.map((x) => x.status)).toEqual(["answered"]);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect((await loadSession(db, candidateId, sessionId)).turns).toEqual([]);
    }
  });

  it("an answer without delivery stores SQL NULL, one with delivery its JSON; unprepared closes still work", async () => {
    database = await freshDatabase();
    const { db } = database;
    const { candidateId, sessionId } = await seed(db);
    const first = await db.transaction((tx) => insertTurn(tx as unknown as Db, bankTurn(sessionId)));
    const closed = await db.transaction((tx) => closeTurn(tx as unknown as Db, first!.id, answer));
    expect(closed.status).toBe("answered");
    expect(closed.answeredAt).toBeInstanceOf(Date);
    expect(closed.decision).toEqual(answer.decision);
    const second = await insertTurn(db, { ...bankTurn(sessionId), seq: 1, kind: "followup", prompt: "And?" });
    await closeTurn(db, second!.id, { ...answer, answerMode: "spoken", delivery: { wordsPerMinute: 120 } });
    const rows = await db.execute(
      sql`select seq, delivery is null as none, delivery->>'wordsPerMinute' as wpm from ${turns} order by seq`,
    );
    const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as {
      none: boolean;
      wpm: string | null;
    }[];
    expect(list.map((r) => [r.none, r.wpm])).toEqual([
      [true, null],
      [false, "120"],
    ]);
    // Closing again fails as before; adding a decision to a closed turn takes the unprepared path.
    await expect(closeTurn(db, second!.id, answer)).rejects.toMatchObject({ code: "turn_already_answered" });
    const decided = await closeTurn(db, second!.id, { decision: { by: "x" } as never });
    expect(decided.decision).toEqual({ by: "x" });
    expect((await loadSession(db, candidateId, sessionId)).turns.map((t) => t.seq)).toEqual([0, 1]);
    // A taken (session, seq) place is null, through the prepared insert.
    expect(await insertTurn(db, bankTurn(sessionId))).toBeNull();
  });

  it("a stored grade keeps SQL NULL for no result and no graded time, and JSON for a result", async () => {
    database = await freshDatabase();
    const { db } = database;
    const { sessionId } = await seed(db);
    const rows = await db
      .insert(grades)
      .values(
        [0, 1].map((i) => ({
          sessionId,
          questionIndex: i,
          questionId: "overfitting",
          rubricVersion: 1,
          questionVersion: 1,
        })),
      )
      .returning();
    const grader = { id: "offline", version: "v", model: null, promptVersion: null };
    const result = { competencies: [], summary: "s" } as never;
    await db.transaction((tx) =>
      storeGrade(tx as unknown as Db, rows[0]!.id, { grader: null, result: null, reason: "not graded", attempts: 2 }),
    );
    await db.transaction((tx) =>
      storeGrade(tx as unknown as Db, rows[1]!.id, { grader, result, reason: null, attempts: 1 }),
    );
    const out = await db.execute(
      sql`select status, attempts, result is null as no_result, graded_at is null as no_time, result->>'summary' as summary, grader, reason from ${grades} order by question_index`,
    );
    const list = Array.isArray(out) ? out : (out as unknown as { rows: unknown[] }).rows;
    expect(list).toEqual([
      {
        status: "ungraded",
        attempts: 2,
        no_result: true,
        no_time: true,
        summary: null,
        grader: null,
        reason: "not graded",
      },
      {
        status: "graded",
        attempts: 1,
        no_result: false,
        no_time: false,
        summary: "s",
        grader: "offline",
        reason: null,
      },
    ]);
  });
});
