import type { Content, RoleHub } from "../content/load.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { SessionUsage } from "../llm/accounting.ts";
import type { Logger } from "../log.ts";
import type { Interviewer } from "./interviewer.ts";

export interface InterviewDeps {
  db: Db;
  content: Content;
  interviewer: Interviewer;
  /** Decides when the configured interviewer fails or misses its deadline, so the interview never stalls. */
  fallbackInterviewer: Interviewer;
  /** How long a model interviewer may take for one decision, retries included. */
  interviewerDeadlineMs: number;
  /** Called after grade rows were queued. */
  onGradesQueued: () => void;
  /** Called once a session is ended early, after its grade rows exist (completion is seen by the worker). */
  onSessionEnded?: (sessionId: string) => void;
  /** Computes delivery insights for a spoken answer, when the speech module is present. */
  delivery?: (text: string, durationMs: number | undefined, guidelineMinutes: number) => Record<string, unknown> | null;
  /** Tokens and cost of a session's model calls, for the scorecard. */
  usage: (db: Db, sessionId: string) => Promise<SessionUsage>;
  logger: Logger;
  maxFollowups: number;
  recentQuestionsAvoided: number;
}

/** The repository functions take the transaction handle where they take the database. */
export type Tx = Db;

export function roleHub(deps: InterviewDeps, roleId: string): RoleHub {
  const hub = deps.content.hub(roleId);
  if (!hub) {
    throw new AppError("validation_failed", `Unknown role "${roleId}". GET /api/roles lists the roles.`, {
      field: "role",
    });
  }
  return hub;
}
