import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { audioClips, llmCalls, sessions, turns } from "../db/schema.ts";
import { AppError } from "../errors.ts";

export type ClipMeta = {
  id: string;
  sessionId: string;
  turnId: string | null;
  mimeType: string;
  bytes: number;
  durationMs: number | null;
  createdAt: string;
};

/** The turn, checked to belong to a session of this candidate; anything else is not found. */
export async function findOwnedTurn(db: Db, candidateId: string, sessionId: string, turnId: string) {
  const [row] = await db
    .select({ turn: turns })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .where(and(eq(turns.id, turnId), eq(turns.sessionId, sessionId), eq(sessions.candidateId, candidateId)));
  if (!row) {
    throw new AppError("not_found", `No turn ${turnId} in session ${sessionId} for this candidate.`, {
      field: "turnId",
    });
  }
  return row.turn;
}

export async function insertClip(
  db: Db,
  clip: { sessionId: string; turnId: string; mimeType: string; bytes: Uint8Array; durationMs: number | null },
): Promise<string> {
  const [row] = await db.insert(audioClips).values(clip).returning({ id: audioClips.id });
  if (!row) throw new AppError("internal_error", "The recording could not be stored.");
  return row.id;
}

const clipColumns = {
  id: audioClips.id,
  sessionId: audioClips.sessionId,
  turnId: audioClips.turnId,
  mimeType: audioClips.mimeType,
  durationMs: audioClips.durationMs,
  createdAt: audioClips.createdAt,
};

export async function sessionClips(db: Db, candidateId: string, sessionId: string): Promise<ClipMeta[]> {
  const rows = await db
    .select({ ...clipColumns, bytes: sql<number>`octet_length(${audioClips.bytes})`.mapWith(Number) })
    .from(audioClips)
    .innerJoin(sessions, eq(sessions.id, audioClips.sessionId))
    .where(and(eq(audioClips.sessionId, sessionId), eq(sessions.candidateId, candidateId)))
    .orderBy(asc(audioClips.createdAt));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function ownedClip(db: Db, candidateId: string, clipId: string) {
  const [row] = await db
    .select({ ...clipColumns, bytes: audioClips.bytes })
    .from(audioClips)
    .innerJoin(sessions, eq(sessions.id, audioClips.sessionId))
    .where(and(eq(audioClips.id, clipId), eq(sessions.candidateId, candidateId)));
  if (!row) throw new AppError("not_found", `No recording ${clipId} for this candidate.`, { field: "clipId" });
  return row;
}

export async function deleteClip(db: Db, candidateId: string, clipId: string): Promise<void> {
  await ownedClip(db, candidateId, clipId);
  await db.delete(audioClips).where(eq(audioClips.id, clipId));
}

/** Speech calls go into the same accounting table as language-model calls. */
export async function recordSpeechCall(
  db: Db,
  call: {
    sessionId: string | null;
    purpose: "transcription" | "tts";
    model: string;
    latencyMs: number;
    ok: boolean;
    error?: string;
  },
): Promise<void> {
  await db.insert(llmCalls).values({ ...call, error: call.error ?? null });
}
