import type { grades, sessions, turns } from "../db/schema.ts";

export type SessionRow = typeof sessions.$inferSelect;
export type TurnRow = typeof turns.$inferSelect;
export type GradeRow = typeof grades.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type NewTurn = typeof turns.$inferInsert;
export type NewGrade = typeof grades.$inferInsert;

/** A session with all its turns in order: what every interview step reads, in one query. */
export interface SessionState {
  session: SessionRow;
  turns: TurnRow[];
}
