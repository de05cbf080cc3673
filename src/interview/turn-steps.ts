import { ensureGradeRows } from "../repository/grades.ts";
import type { SessionRow, SessionState, TurnRow } from "../repository/rows.ts";
import { closeSession, closeTurn, insertTurn, loadSession, lockSession, turnAt } from "../repository/sessions.ts";
import { type InterviewDeps, roleHub, type Tx } from "./deps.ts";
import { guidelineMinutes } from "./guideline.ts";
import { decideLocally, decideWithinDeadline, type StepOptions } from "./interviewer-decision.ts";
import { type Decision, decisionRecord, followupContext, nextStep, questionOf, threadOf } from "./rules.ts";
import { openTurnFor, raced, replayOf, type StepResult, withTurn } from "./step-results.ts";

/*
 * A turn: the candidate answers or skips, the interviewer decides, the next prompt (or grade row)
 * is written. An offline interviewer's turn is one transaction; a model's turn stores the answer,
 * calls the model outside any transaction, then stores the next prompt.
 */

export interface AnswerInput {
  candidateId: string;
  sessionId: string;
  turnId: string;
  text: string;
  mode?: "typed" | "spoken";
  durationMs?: number;
  idempotencyKey?: string;
}

const CANDIDATE_SKIP: Decision = {
  by: "candidate",
  decision: { action: "move-on", reason: "the candidate skipped the question" },
};

export async function answerTurn(deps: InterviewDeps, input: AnswerInput, opts: StepOptions = {}): Promise<StepResult> {
  const local = deps.interviewer.runsLocally;
  const stored = await transaction(deps, async (tx, later) => {
    const state = await loadSession(tx, input.candidateId, input.sessionId, { lock: true });
    const replay = replayOf(state, input);
    if (replay) return { replay };
    const turn = openTurnFor(state, input.turnId);
    const hub = roleHub(deps, state.session.roleId);
    const fields = {
      status: "answered" as const,
      answer: input.text,
      answerMode: input.mode ?? state.session.mode,
      answerDurationMs: input.durationMs ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      delivery:
        input.mode === "spoken" && deps.delivery
          ? deps.delivery(input.text, input.durationMs, guidelineMinutes(questionOf(hub, turn.questionId), turn.kind))
          : null,
    };
    if (!local) {
      const answered = await closeTurn(tx, turn.id, fields);
      return { state: withTurn(state, answered) };
    }
    // The offline interviewer decides in microseconds: answer, decision and next prompt commit together.
    const thread = threadOf(withTurn(state, { ...turn, ...fields }).turns, turn.questionIndex);
    const d = await decideLocally(deps, followupContext(state.session, hub, thread), opts);
    const closing = { ...fields, decision: decisionRecord(d) };
    return {
      done: await writeStep(deps, tx, later, withTurn(state, { ...turn, ...closing }), turn, d, () =>
        closeTurn(tx, turn.id, closing),
      ),
    };
  });
  if (stored.replay) {
    if (stored.replay.next || stored.replay.session.status !== "active") return stored.replay;
    // The server stopped between storing this answer and choosing the next prompt: finish now.
    return advance(deps, { session: stored.replay.session, turns: stored.replay.turns }, opts);
  }
  if (stored.done) return stored.done;
  return advance(deps, stored.state, opts);
}

export async function skipTurn(
  deps: InterviewDeps,
  input: { candidateId: string; sessionId: string; turnId: string },
): Promise<StepResult> {
  return transaction(deps, async (tx, later) => {
    const state = await loadSession(tx, input.candidateId, input.sessionId, { lock: true });
    const turn = openTurnFor(state, input.turnId);
    const closing = { status: "skipped" as const, decision: decisionRecord(CANDIDATE_SKIP) };
    return writeStep(deps, tx, later, withTurn(state, { ...turn, ...closing }), turn, CANDIDATE_SKIP, () =>
      closeTurn(tx, turn.id, closing),
    );
  });
}

/**
 * Chooses and stores the prompt after the last closed turn. The model (if any) is asked outside
 * a transaction; the (session, seq) unique index makes a second writer lose to the first.
 */
export async function advance(deps: InterviewDeps, state: SessionState, opts: StepOptions): Promise<StepResult> {
  const last = state.turns[state.turns.length - 1] as TurnRow;
  const hub = roleHub(deps, state.session.roleId);
  const thread = threadOf(state.turns, last.questionIndex);
  const d = await decideWithinDeadline(deps, followupContext(state.session, hub, thread), opts);
  return transaction(deps, async (tx, later) => {
    const session = await lockSession(tx, state.session.id);
    if (session.status !== "active") return raced(state, session, last, await turnAt(tx, session.id, last.seq + 1));
    return writeStep(deps, tx, later, { session, turns: state.turns }, last, d, () =>
      closeTurn(tx, last.id, { decision: decisionRecord(d) }),
    );
  });
}

/** A transaction whose `later` callbacks run once it has committed (the worker must see its rows). */
async function transaction<T>(
  deps: InterviewDeps,
  fn: (tx: Tx, later: (f: () => void) => void) => Promise<T>,
): Promise<T> {
  const effects: (() => void)[] = [];
  const out = await deps.db.transaction((tx) => fn(tx as Tx, (f) => effects.push(f)));
  for (const f of effects) f();
  return out;
}

/**
 * Writes the step that follows `turn` inside the caller's transaction, with the session locked:
 * `close` stores the turn's answer and decision, `state` already shows them. The writes do not
 * depend on each other's results, so they go to the database together (one round trip, not three).
 */
async function writeStep(
  deps: InterviewDeps,
  tx: Tx,
  later: (f: () => void) => void,
  state: SessionState,
  turn: TurnRow,
  d: Decision,
  close: () => Promise<TurnRow>,
): Promise<StepResult> {
  const hub = roleHub(deps, state.session.roleId);
  const step = nextStep(state.session, threadOf(state.turns, turn.questionIndex), d, hub);
  const [closed, , written] = await Promise.all([
    close(),
    step.kind !== "follow-up" ? ensureGradeRows(tx, [step.grade]) : null,
    step.kind === "complete" ? closeSession(tx, state.session.id, "completed") : insertTurn(tx, step.turn),
  ]);
  const session = step.kind === "complete" ? (written as SessionRow) : state.session;
  const next = step.kind === "complete" ? null : (written as TurnRow | null);
  if (step.kind !== "complete" && !next) {
    return raced(withTurn(state, closed), session, closed, await turnAt(tx, session.id, closed.seq + 1));
  }
  if (step.kind !== "follow-up") later(() => deps.onGradesQueued());
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
