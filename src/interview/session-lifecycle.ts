import { AppError } from "../errors.ts";
import { ensureGradeRows } from "../repository/grades.ts";
import type { SessionState } from "../repository/rows.ts";
import {
  closeSession,
  insertSession,
  insertTurn,
  loadSession,
  recentlySeenQuestions,
  skipOpenTurns,
} from "../repository/sessions.ts";
import { type InterviewDeps, roleHub, type Tx } from "./deps.ts";
import { planSession, type SessionPlan, type StartInput } from "./planner.ts";
import { bankTurn, endPlan, questionOf } from "./rules.ts";

/* Starting a session (and previewing its plan) and ending it early. */

export async function startSession(deps: InterviewDeps, candidateId: string, input: StartInput): Promise<SessionState> {
  const { db } = deps;
  const hub = roleHub(deps, input.role);
  const recent = await recentlySeenQuestions(db, candidateId, deps.recentQuestionsAvoided);
  const plan = planSession(hub, input, recent, deps.content.lexicon);
  const first = questionOf(hub, plan.questionIds[0] as string);
  return db.transaction(async (tx) => {
    const session = await insertSession(tx as Tx, {
      candidateId,
      roleId: hub.role.id,
      presetId: plan.presetId,
      rounds: plan.rounds,
      difficulty: input.difficulty,
      mode: input.mode,
      maxFollowups: input.maxFollowups ?? deps.maxFollowups,
      questionIds: plan.questionIds,
      rubricId: hub.rubric.id,
      rubricVersion: hub.rubric.version,
      contentHash: hub.contentHash,
      jobDescription: input.jobDescription ?? null,
      questionReasons: input.jobDescription ? plan.reasons : null,
    });
    const turn = await insertTurn(tx as Tx, bankTurn(session.id, 0, 0, first));
    return { session, turns: turn ? [turn] : [] };
  });
}

/** The plan `startSession` would draw for the same input and seed, without storing anything. */
export async function previewPlan(
  deps: InterviewDeps,
  candidateId: string,
  input: StartInput & { planSeed: number },
): Promise<SessionPlan> {
  const hub = roleHub(deps, input.role);
  const recent = await recentlySeenQuestions(deps.db, candidateId, deps.recentQuestionsAvoided);
  return planSession(hub, input, recent, deps.content.lexicon);
}

/** Ends the session early; answered threads are still graded, unanswered ones are marked skipped. */
export async function endSession(deps: InterviewDeps, candidateId: string, sessionId: string): Promise<SessionState> {
  const ended = await deps.db.transaction(async (txRaw) => {
    const tx = txRaw as Tx;
    const { session, turns } = await loadSession(tx, candidateId, sessionId, { lock: true });
    if (session.status !== "active") {
      throw new AppError("session_not_active", `The session is already ${session.status}.`);
    }
    const skipped = await skipOpenTurns(tx, session.id);
    await ensureGradeRows(tx, endPlan(session, turns, roleHub(deps, session.roleId)));
    const closed = await closeSession(tx, session.id, "ended");
    return { session: closed, turns: turns.map((t) => skipped.find((x) => x.id === t.id) ?? t) };
  });
  deps.onGradesQueued();
  deps.onSessionEnded?.(ended.session.id);
  return ended;
}
