import type { SessionUsage } from "../llm/accounting.ts";
import { type HistoryPage, historyPage, sessionWithTurnsAndGrades } from "../repository/history.ts";
import type { GradeRow, SessionState } from "../repository/rows.ts";
import { loadSession } from "../repository/sessions.ts";
import type { InterviewDeps } from "./deps.ts";
import { needsNextPrompt } from "./rules.ts";
import { advance } from "./turn-steps.ts";

/* What the candidate reads: a session (repairing a prompt a crash lost), its scorecard, the history. */

export interface ScorecardState extends SessionState {
  grades: GradeRow[];
  usage: SessionUsage;
}

/** The session and its turns; a session a crash left without an open prompt gets it now. */
export async function viewSession(deps: InterviewDeps, candidateId: string, sessionId: string): Promise<SessionState> {
  const state = await loadSession(deps.db, candidateId, sessionId);
  if (!needsNextPrompt(state.session, state.turns)) return state;
  const repaired = await advance(deps, state, {});
  return { session: repaired.session, turns: repaired.turns };
}

export async function scorecard(deps: InterviewDeps, candidateId: string, sessionId: string): Promise<ScorecardState> {
  const { db } = deps;
  let state = await sessionWithTurnsAndGrades(db, candidateId, sessionId);
  if (needsNextPrompt(state.session, state.turns)) {
    await advance(deps, state, {});
    state = await sessionWithTurnsAndGrades(db, candidateId, sessionId);
  }
  return { ...state, usage: await deps.usage(db, sessionId) };
}

export function history(
  deps: InterviewDeps,
  candidateId: string,
  page: { limit: number; cursor?: string },
): Promise<HistoryPage> {
  return historyPage(deps.db, candidateId, page);
}
