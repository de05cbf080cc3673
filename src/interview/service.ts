import type { Content, RoleHub } from "../content/load.ts";
import type { Db } from "../db/client.ts";
import type { TurnDecision } from "../db/records.ts";
import { AppError } from "../errors.ts";
import type { SessionUsage } from "../llm/accounting.ts";
import type { Logger } from "../log.ts";
import { ensureGradeRows } from "../repository/grades.ts";
import { type HistoryPage, historyPage, sessionWithTurnsAndGrades } from "../repository/history.ts";
import type { GradeRow, SessionRow, SessionState, TurnRow } from "../repository/rows.ts";
import {
  closeSession,
  closeTurn,
  insertSession,
  insertTurn,
  loadSession,
  lockSession,
  recentlySeenQuestions,
  skipOpenTurns,
  turnAt,
} from "../repository/sessions.ts";
import { guidelineMinutes } from "./guideline.ts";
import type { Interviewer } from "./interviewer.ts";
import { planSession, type SessionPlan, type StartInput } from "./planner.ts";
import {
  bankTurn,
  type Decision,
  decisionRecord,
  endPlan,
  followupContext,
  needsNextPrompt,
  nextStep,
  questionOf,
  threadOf,
} from "./rules.ts";

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

export interface AnswerInput {
  candidateId: string;
  sessionId: string;
  turnId: string;
  text: string;
  mode?: "typed" | "spoken";
  durationMs?: number;
  idempotencyKey?: string;
}

export interface StepOptions {
  signal?: AbortSignal;
  /** Receives follow-up text as the interviewer writes it. */
  onDelta?: (text: string) => void;
  /** Called when a streamed follow-up broke off and the offline interviewer's prompt replaces it. */
  onInterrupted?: (reason: string) => void;
}

/** The outcome of answering or skipping: what was decided and the prompt that follows. */
export interface StepResult {
  answeredTurnId: string;
  decision: TurnDecision;
  next: TurnRow | null;
  session: SessionRow;
  /** Every turn of the session after this step, in order. */
  turns: TurnRow[];
  replayed: boolean;
}

export interface ScorecardState extends SessionState {
  grades: GradeRow[];
  usage: SessionUsage;
}

type Tx = Db;
const CANDIDATE_SKIP: Decision = {
  by: "candidate",
  decision: { action: "move-on", reason: "the candidate skipped the question" },
};

/**
 * The interview: start, view (finishing a step a crash interrupted), answer, skip, end, scorecard
 * and history. An offline interviewer's turn is one transaction; a model's turn stores the answer,
 * calls the model outside any transaction, then stores the next prompt.
 */
export class InterviewService {
  constructor(private readonly deps: InterviewDeps) {}

  hub(roleId: string): RoleHub {
    const hub = this.deps.content.hub(roleId);
    if (!hub) {
      throw new AppError("validation_failed", `Unknown role "${roleId}". GET /api/roles lists the roles.`, {
        field: "role",
      });
    }
    return hub;
  }

  async start(candidateId: string, input: StartInput): Promise<SessionState> {
    const { db } = this.deps;
    const hub = this.hub(input.role);
    const recent = await recentlySeenQuestions(db, candidateId, this.deps.recentQuestionsAvoided);
    const plan = planSession(hub, input, recent, this.deps.content.lexicon);
    const first = questionOf(hub, plan.questionIds[0] as string);
    return db.transaction(async (tx) => {
      const session = await insertSession(tx as Tx, {
        candidateId,
        roleId: hub.role.id,
        presetId: plan.presetId,
        rounds: plan.rounds,
        difficulty: input.difficulty,
        mode: input.mode,
        maxFollowups: input.maxFollowups ?? this.deps.maxFollowups,
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

  /** The plan `start` would draw for the same input and seed, without storing anything. */
  async preview(candidateId: string, input: StartInput & { planSeed: number }): Promise<SessionPlan> {
    const hub = this.hub(input.role);
    const recent = await recentlySeenQuestions(this.deps.db, candidateId, this.deps.recentQuestionsAvoided);
    return planSession(hub, input, recent, this.deps.content.lexicon);
  }

  /** The session and its turns; a session a crash left without an open prompt gets it now. */
  async view(candidateId: string, sessionId: string): Promise<SessionState> {
    const state = await loadSession(this.deps.db, candidateId, sessionId);
    if (!needsNextPrompt(state.session, state.turns)) return state;
    const repaired = await this.advance(state, {});
    return { session: repaired.session, turns: repaired.turns };
  }

  async answer(input: AnswerInput, opts: StepOptions = {}): Promise<StepResult> {
    const local = this.deps.interviewer.runsLocally;
    const stored = await this.transaction(async (tx, later) => {
      const state = await loadSession(tx, input.candidateId, input.sessionId, { lock: true });
      const replay = replayOf(state, input);
      if (replay) return { replay };
      const turn = openTurnFor(state, input.turnId);
      const hub = this.hub(state.session.roleId);
      const fields = {
        status: "answered" as const,
        answer: input.text,
        answerMode: input.mode ?? state.session.mode,
        answerDurationMs: input.durationMs ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        delivery:
          input.mode === "spoken" && this.deps.delivery
            ? this.deps.delivery(
                input.text,
                input.durationMs,
                guidelineMinutes(questionOf(hub, turn.questionId), turn.kind),
              )
            : null,
      };
      if (!local) {
        const answered = await closeTurn(tx, turn.id, fields);
        return { state: withTurn(state, answered) };
      }
      // The offline interviewer decides in microseconds: answer, decision and next prompt commit together.
      const thread = threadOf(withTurn(state, { ...turn, ...fields }).turns, turn.questionIndex);
      const d = await this.decideLocally(state.session, hub, thread, opts);
      const answered = await closeTurn(tx, turn.id, { ...fields, decision: decisionRecord(d) });
      return { done: await this.write(tx, later, withTurn(state, answered), answered, d) };
    });
    if (stored.replay) {
      if (stored.replay.next || stored.replay.session.status !== "active") return stored.replay;
      // The server stopped between storing this answer and choosing the next prompt: finish now.
      return this.advance({ session: stored.replay.session, turns: stored.replay.turns }, opts);
    }
    if (stored.done) return stored.done;
    return this.advance(stored.state, opts);
  }

  async skip(input: { candidateId: string; sessionId: string; turnId: string }): Promise<StepResult> {
    return this.transaction(async (tx, later) => {
      const state = await loadSession(tx, input.candidateId, input.sessionId, { lock: true });
      const turn = openTurnFor(state, input.turnId);
      const skipped = await closeTurn(tx, turn.id, { status: "skipped", decision: decisionRecord(CANDIDATE_SKIP) });
      return this.write(tx, later, withTurn(state, skipped), skipped, CANDIDATE_SKIP);
    });
  }

  /** Ends the session early; answered threads are still graded, unanswered ones are marked skipped. */
  async end(candidateId: string, sessionId: string): Promise<SessionState> {
    const ended = await this.deps.db.transaction(async (txRaw) => {
      const tx = txRaw as Tx;
      const { session, turns } = await loadSession(tx, candidateId, sessionId, { lock: true });
      if (session.status !== "active") {
        throw new AppError("session_not_active", `The session is already ${session.status}.`);
      }
      const skipped = await skipOpenTurns(tx, session.id);
      await ensureGradeRows(tx, endPlan(session, turns, this.hub(session.roleId)));
      const closed = await closeSession(tx, session.id, "ended");
      return { session: closed, turns: turns.map((t) => skipped.find((x) => x.id === t.id) ?? t) };
    });
    this.deps.onGradesQueued();
    this.deps.onSessionEnded?.(ended.session.id);
    return ended;
  }

  async scorecard(candidateId: string, sessionId: string): Promise<ScorecardState> {
    const { db } = this.deps;
    let state = await sessionWithTurnsAndGrades(db, candidateId, sessionId);
    if (needsNextPrompt(state.session, state.turns)) {
      await this.advance(state, {});
      state = await sessionWithTurnsAndGrades(db, candidateId, sessionId);
    }
    return { ...state, usage: await this.deps.usage(db, sessionId) };
  }

  history(candidateId: string, page: { limit: number; cursor?: string }): Promise<HistoryPage> {
    return historyPage(this.deps.db, candidateId, page);
  }

  /**
   * Chooses and stores the prompt after the last closed turn. The model (if any) is asked outside
   * a transaction; the (session, seq) unique index makes a second writer lose to the first.
   */
  private async advance(state: SessionState, opts: StepOptions): Promise<StepResult> {
    const last = state.turns[state.turns.length - 1] as TurnRow;
    const hub = this.hub(state.session.roleId);
    const d = await this.decide(state.session, hub, threadOf(state.turns, last.questionIndex), opts);
    return this.transaction(async (tx, later) => {
      const session = await lockSession(tx, state.session.id);
      if (session.status !== "active") return raced(state, session, last, await turnAt(tx, session.id, last.seq + 1));
      const answered = await closeTurn(tx, last.id, { decision: decisionRecord(d) });
      return this.write(tx, later, { session, turns: state.turns }, answered, d);
    });
  }

  /** A transaction whose `later` callbacks run once it has committed (the worker must see its rows). */
  private async transaction<T>(fn: (tx: Tx, later: (f: () => void) => void) => Promise<T>): Promise<T> {
    const effects: (() => void)[] = [];
    const out = await this.deps.db.transaction((tx) => fn(tx as Tx, (f) => effects.push(f)));
    for (const f of effects) f();
    return out;
  }

  /** Writes the step that follows `closed` inside the caller's transaction, with the session locked. */
  private async write(
    tx: Tx,
    later: (f: () => void) => void,
    state: SessionState,
    closed: TurnRow,
    d: Decision,
  ): Promise<StepResult> {
    const hub = this.hub(state.session.roleId);
    const step = nextStep(state.session, threadOf(state.turns, closed.questionIndex), d, hub);
    let session = state.session;
    let next: TurnRow | null = null;
    if (step.kind !== "follow-up") await ensureGradeRows(tx, [step.grade]);
    if (step.kind === "complete") {
      session = await closeSession(tx, session.id, "completed");
    } else {
      next = await insertTurn(tx, step.turn);
      if (!next) return raced(state, session, closed, await turnAt(tx, session.id, closed.seq + 1));
    }
    if (step.kind !== "follow-up") later(() => this.deps.onGradesQueued());
    const turns = state.turns.map((t) => (t.id === closed.id ? closed : t));
    return {
      answeredTurnId: closed.id,
      decision: decisionRecord(d),
      next,
      session,
      turns: next ? [...turns, next] : turns,
      replayed: false,
    };
  }

  private async decideLocally(
    session: SessionRow,
    hub: RoleHub,
    thread: TurnRow[],
    opts: StepOptions,
  ): Promise<Decision> {
    const { interviewer } = this.deps;
    const decision = await interviewer.decide(followupContext(session, hub, thread), { onDelta: opts.onDelta });
    return { by: interviewer.info(), decision };
  }

  /**
   * Asks the configured interviewer, within its deadline. Past the deadline, or on any failure, the
   * offline interviewer decides at once and the reason is kept with the decision.
   */
  private async decide(session: SessionRow, hub: RoleHub, thread: TurnRow[], opts: StepOptions): Promise<Decision> {
    const { interviewer, fallbackInterviewer, logger } = this.deps;
    const ctx = followupContext(session, hub, thread);
    if (interviewer.runsLocally) return this.decideLocally(session, hub, thread, opts);
    const ms = this.deps.interviewerDeadlineMs;
    const deadline = AbortSignal.timeout(ms);
    const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
    let streamed = false;
    try {
      const decision = await interviewer.decide(ctx, {
        signal,
        onDelta: (text) => {
          streamed = true;
          opts.onDelta?.(text);
        },
      });
      return { by: interviewer.info(), decision };
    } catch (err) {
      const why = deadline.aborted
        ? `the interviewer's model gave no decision within ${ms} ms`
        : ((err as Error).message.split("\n")[0] ?? String(err));
      logger.warn("interviewer failed; using the offline interviewer", { error: why });
      // Text already shown must not run into the fallback's prompt: say it stopped, then replace it.
      if (streamed) opts.onInterrupted?.(why);
      const decision = await fallbackInterviewer.decide(ctx, streamed ? {} : { onDelta: opts.onDelta });
      return {
        by: fallbackInterviewer.info(),
        decision: { ...decision, reason: `${decision.reason} (offline fallback: ${why})` },
      };
    }
  }
}

function openTurnFor(state: SessionState, turnId: string): TurnRow {
  const turn = state.turns.find((t) => t.id === turnId);
  if (!turn) throw new AppError("not_found", `Turn ${turnId} is not part of this session.`, { field: "turnId" });
  if (state.session.status !== "active") {
    throw new AppError("session_not_active", `The session is ${state.session.status}; it takes no more answers.`);
  }
  if (turn.status !== "open") {
    throw new AppError("turn_already_answered", `Turn ${turn.id} was already ${turn.status}.`, { field: "turnId" });
  }
  return turn;
}

/** The stored result of an earlier request with the same Idempotency-Key, if there was one. */
function replayOf(state: SessionState, input: AnswerInput): StepResult | null {
  if (!input.idempotencyKey) return null;
  const prior = state.turns.find((t) => t.idempotencyKey === input.idempotencyKey);
  if (!prior) return null;
  if (prior.id !== input.turnId || prior.answer !== input.text) {
    throw new AppError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a different answer. Send a new key for a new answer.",
      { field: "Idempotency-Key" },
    );
  }
  const next = state.turns.find((t) => t.seq === prior.seq + 1) ?? null;
  return {
    answeredTurnId: prior.id,
    decision: prior.decision ?? {
      action: next?.kind === "followup" ? "follow-up" : "move-on",
      reason: "replay of an earlier identical request",
      interviewer: next?.interviewer ?? "bank",
    },
    next,
    session: state.session,
    turns: state.turns,
    replayed: true,
  };
}

function raced(state: SessionState, session: SessionRow, closed: TurnRow, next: TurnRow | null): StepResult {
  return {
    answeredTurnId: closed.id,
    decision: {
      action: next?.kind === "followup" ? "follow-up" : "move-on",
      reason: "another request already chose the next prompt",
      interviewer: next?.interviewer ?? "bank",
    },
    next,
    session,
    turns: next && !state.turns.some((t) => t.id === next.id) ? [...state.turns, next] : state.turns,
    replayed: false,
  };
}

const withTurn = (state: SessionState, turn: TurnRow): SessionState => ({
  session: state.session,
  turns: state.turns.map((t) => (t.id === turn.id ? turn : t)),
});
