import type { RoleHub } from "../content/load.ts";
import type { HistoryPage } from "../repository/history.ts";
import type { SessionState } from "../repository/rows.ts";
import { type InterviewDeps, roleHub } from "./deps.ts";
import type { StepOptions } from "./interviewer-decision.ts";
import type { SessionPlan, StartInput } from "./planner.ts";
import { endSession, previewPlan, startSession } from "./session-lifecycle.ts";
import { history, type ScorecardState, scorecard, viewSession } from "./session-reads.ts";
import type { StepResult } from "./step-results.ts";
import { type AnswerInput, answerTurn, skipTurn } from "./turn-steps.ts";

export type { InterviewDeps } from "./deps.ts";
export type { StepOptions } from "./interviewer-decision.ts";
export type { ScorecardState } from "./session-reads.ts";
export type { StepResult } from "./step-results.ts";
export type { AnswerInput } from "./turn-steps.ts";

/**
 * The interview, the one service the routes call: start, view (finishing a step a crash
 * interrupted), answer, skip, end, scorecard and history. Lifecycle, turns and reads live in
 * session-lifecycle.ts, turn-steps.ts and session-reads.ts.
 */
export class InterviewService {
  constructor(private readonly deps: InterviewDeps) {}

  hub(roleId: string): RoleHub {
    return roleHub(this.deps, roleId);
  }

  start(candidateId: string, input: StartInput): Promise<SessionState> {
    return startSession(this.deps, candidateId, input);
  }

  /** The plan `start` would draw for the same input and seed, without storing anything. */
  preview(candidateId: string, input: StartInput & { planSeed: number }): Promise<SessionPlan> {
    return previewPlan(this.deps, candidateId, input);
  }

  /** The session and its turns; a session a crash left without an open prompt gets it now. */
  view(candidateId: string, sessionId: string): Promise<SessionState> {
    return viewSession(this.deps, candidateId, sessionId);
  }

  answer(input: AnswerInput, opts: StepOptions = {}): Promise<StepResult> {
    return answerTurn(this.deps, input, opts);
  }

  skip(input: { candidateId: string; sessionId: string; turnId: string }): Promise<StepResult> {
    return skipTurn(this.deps, input);
  }

  /** Ends the session early; answered threads are still graded, unanswered ones are marked skipped. */
  end(candidateId: string, sessionId: string): Promise<SessionState> {
    return endSession(this.deps, candidateId, sessionId);
  }

  scorecard(candidateId: string, sessionId: string): Promise<ScorecardState> {
    return scorecard(this.deps, candidateId, sessionId);
  }

  history(candidateId: string, page: { limit: number; cursor?: string }): Promise<HistoryPage> {
    return history(this.deps, candidateId, page);
  }
}
