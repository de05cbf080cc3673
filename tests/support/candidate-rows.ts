import { sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";

/** Rows in every table that holds a candidate's data, read straight from the database. */
export async function rowsOf(db: Db, candidateId: string) {
  const n = async (query: ReturnType<typeof sql>) => {
    // postgres.js returns the rows, PGlite an object holding them.
    const res: unknown = await db.execute(query);
    const rows = (Array.isArray(res) ? res : (res as { rows: { n: unknown }[] }).rows) as { n: unknown }[];
    return Number(rows[0]?.n ?? 0);
  };
  const ofSessions = (table: string) =>
    n(
      sql`select count(*) as n from ${sql.identifier(table)} where session_id in (select id from sessions where candidate_id = ${candidateId})`,
    );
  return {
    candidates: await n(sql`select count(*) as n from candidates where id = ${candidateId}`),
    sessions: await n(sql`select count(*) as n from sessions where candidate_id = ${candidateId}`),
    turns: await ofSessions("turns"),
    grades: await ofSessions("grades"),
    audio_clips: await ofSessions("audio_clips"),
    allTurns: await n(sql`select count(*) as n from turns`),
    allClips: await n(sql`select count(*) as n from audio_clips`),
  };
}
