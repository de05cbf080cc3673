import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { audioClips, candidates, grades, llmCalls, sessions, turns } from "../db/schema.ts";
import { AppError } from "../errors.ts";

/**
 * A candidate's right to take their data and to erase it. Everything about a candidate hangs off
 * its row (sessions, and through them turns, grades, model-call records and kept recordings, all
 * with ON DELETE CASCADE), so erasing is deleting that row or a session row; recordings live in
 * the database (audio_clips.bytes), so no file is left behind.
 */

export const EXPORT_FORMAT = "mockloop-export@1" as const;

export interface DeletedCounts {
  sessions: number;
  turns: number;
  grades: number;
  recordings: number;
  modelCalls: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function countsFor(db: Db, sessionIds: string[]): Promise<DeletedCounts> {
  if (sessionIds.length === 0) return { sessions: 0, turns: 0, grades: 0, recordings: 0, modelCalls: 0 };
  const n = async (table: typeof turns | typeof grades | typeof audioClips | typeof llmCalls) => {
    const [row] = await db.select({ n: count() }).from(table).where(inArray(table.sessionId, sessionIds));
    return row?.n ?? 0;
  };
  return {
    sessions: sessionIds.length,
    turns: await n(turns),
    grades: await n(grades),
    recordings: await n(audioClips),
    modelCalls: await n(llmCalls),
  };
}

async function sessionIdsOf(db: Db, candidateId: string): Promise<string[]> {
  const rows = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.candidateId, candidateId));
  return rows.map((r) => r.id);
}

/** What is stored for a candidate, in numbers (for the privacy page). */
export async function candidateSummary(db: Db, candidateId: string) {
  const [candidate] = await db.select().from(candidates).where(eq(candidates.id, candidateId));
  if (!candidate) throw new AppError("not_found", "No such candidate.");
  const ids = await sessionIdsOf(db, candidateId);
  const [clips] =
    ids.length === 0
      ? [{ n: 0, bytes: 0 }]
      : await db
          .select({
            n: count(),
            bytes: sql<number>`coalesce(sum(octet_length(${audioClips.bytes})), 0)`.mapWith(Number),
          })
          .from(audioClips)
          .where(inArray(audioClips.sessionId, ids));
  return {
    candidateId,
    createdAt: candidate.createdAt.toISOString(),
    sessions: ids.length,
    recordings: clips?.n ?? 0,
    recordingBytes: clips?.bytes ?? 0,
  };
}

/**
 * Everything stored about a candidate as one JSON document. Recordings are listed with a link
 * that plays them with the same bearer token; their bytes are not inlined.
 */
export async function exportCandidate(db: Db, candidateId: string, clipUrl: (clipId: string) => string) {
  const summary = await candidateSummary(db, candidateId);
  const sessionRows = await db
    .select()
    .from(sessions)
    .where(eq(sessions.candidateId, candidateId))
    .orderBy(asc(sessions.createdAt));
  const ids = sessionRows.map((s) => s.id);
  const any = ids.length > 0;
  const [turnRows, gradeRows, clipRows, callRows] = await Promise.all([
    any ? db.select().from(turns).where(inArray(turns.sessionId, ids)).orderBy(asc(turns.seq)) : [],
    any ? db.select().from(grades).where(inArray(grades.sessionId, ids)).orderBy(asc(grades.questionIndex)) : [],
    any
      ? db
          .select({
            id: audioClips.id,
            sessionId: audioClips.sessionId,
            turnId: audioClips.turnId,
            mimeType: audioClips.mimeType,
            bytes: sql<number>`octet_length(${audioClips.bytes})`.mapWith(Number),
            durationMs: audioClips.durationMs,
            createdAt: audioClips.createdAt,
          })
          .from(audioClips)
          .where(inArray(audioClips.sessionId, ids))
          .orderBy(asc(audioClips.createdAt))
      : [],
    any ? db.select().from(llmCalls).where(inArray(llmCalls.sessionId, ids)).orderBy(asc(llmCalls.createdAt)) : [],
  ]);
  const of = <T extends { sessionId: string | null }>(rows: T[], id: string) => rows.filter((r) => r.sessionId === id);
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    candidate: { id: summary.candidateId, createdAt: summary.createdAt },
    sessions: sessionRows.map((s) => ({
      id: s.id,
      role: s.roleId,
      presetId: s.presetId,
      rounds: s.rounds,
      difficulty: s.difficulty,
      mode: s.mode,
      maxFollowups: s.maxFollowups,
      status: s.status,
      questionIds: s.questionIds,
      jobDescription: s.jobDescription,
      questionReasons: s.questionReasons,
      rubric: { id: s.rubricId, version: s.rubricVersion },
      createdAt: s.createdAt.toISOString(),
      endedAt: iso(s.endedAt),
      debrief: s.summary ?? null,
      turns: of(turnRows, s.id).map((t) => ({
        id: t.id,
        seq: t.seq,
        questionIndex: t.questionIndex,
        questionId: t.questionId,
        kind: t.kind,
        prompt: t.prompt,
        interviewer: t.interviewer,
        interviewerModel: t.interviewerModel,
        status: t.status,
        answer: t.answer,
        answerMode: t.answerMode,
        answerDurationMs: t.answerDurationMs,
        delivery: t.delivery ?? null,
        answeredAt: iso(t.answeredAt),
        createdAt: t.createdAt.toISOString(),
      })),
      grades: of(gradeRows, s.id).map((g) => ({
        id: g.id,
        questionIndex: g.questionIndex,
        questionId: g.questionId,
        status: g.status,
        grader: g.grader,
        graderVersion: g.graderVersion,
        model: g.model,
        promptVersion: g.promptVersion,
        rubricVersion: g.rubricVersion,
        questionVersion: g.questionVersion,
        reason: g.reason,
        result: g.result ?? null,
        gradedAt: iso(g.gradedAt),
      })),
      recordings: of(clipRows, s.id).map((c) => ({
        id: c.id,
        turnId: c.turnId,
        mimeType: c.mimeType,
        bytes: c.bytes,
        durationMs: c.durationMs,
        createdAt: c.createdAt.toISOString(),
        url: clipUrl(c.id),
      })),
      modelCalls: of(callRows, s.id).map((m) => ({
        purpose: m.purpose,
        model: m.model,
        promptVersion: m.promptVersion,
        inputTokens: m.inputTokens,
        outputTokens: m.outputTokens,
        latencyMs: m.latencyMs,
        ok: m.ok,
        costUsd: m.costUsd,
        createdAt: m.createdAt.toISOString(),
      })),
    })),
  };
}

/** Erases one session of this candidate and everything under it; not found if it is not theirs. */
export async function deleteSession(db: Db, candidateId: string, sessionId: string): Promise<DeletedCounts> {
  return db.transaction(async (tx) => {
    const [owned] = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.candidateId, candidateId)))
      .for("update");
    if (!owned) throw new AppError("not_found", `No session ${sessionId} for this candidate.`, { field: "id" });
    const counts = await countsFor(tx as unknown as Db, [sessionId]);
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
    return counts;
  });
}

/** Erases the candidate: every session and recording, and the token itself stops working. */
export async function deleteCandidate(db: Db, candidateId: string): Promise<DeletedCounts> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: candidates.id })
      .from(candidates)
      .where(eq(candidates.id, candidateId))
      .for("update");
    if (!row) throw new AppError("not_found", "No such candidate.");
    const counts = await countsFor(tx as unknown as Db, await sessionIdsOf(tx as unknown as Db, candidateId));
    await tx.delete(candidates).where(eq(candidates.id, candidateId));
    return counts;
  });
}
