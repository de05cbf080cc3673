import type { TurnDecision } from "../db/records.ts";
import { AppError } from "../errors.ts";
import type { SessionRow, SessionState, TurnRow } from "../repository/rows.ts";

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

export function openTurnFor(state: SessionState, turnId: string): TurnRow {
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
export function replayOf(
  state: SessionState,
  input: { turnId: string; text: string; idempotencyKey?: string },
): StepResult | null {
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

/** The result for a request that lost the race to write the next prompt. */
export function raced(state: SessionState, session: SessionRow, closed: TurnRow, next: TurnRow | null): StepResult {
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

export const withTurn = (state: SessionState, turn: TurnRow): SessionState => ({
  session: state.session,
  turns: state.turns.map((t) => (t.id === turn.id ? turn : t)),
});
