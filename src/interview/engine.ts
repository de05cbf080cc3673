import { and, eq } from "drizzle-orm";
import type { CreateSessionBody } from "../api/schemas.ts";
import type { Content, RoleHub } from "../content/load.ts";
import type { Question } from "../content/schema.ts";
import type { Db } from "../db/client.ts";
import { sessions, turns } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import type { ExchangeTurn } from "../grading/types.ts";
import type { Logger } from "../log.ts";
import type { DecideOptions, FollowupDecision, Interviewer } from "./interviewer.ts";
import { planQuestions } from "./planner.ts";
import {
  ensureGradeRow,
  findOwnedSession,
  recentlySeenQuestions,
  type SessionRow,
  sessionTurns,
  type TurnRow,
} from "./store.ts";

export interface EngineDeps {
  db: Db;
  content: Content;
  interviewer: Interviewer;
  /** Used when the configured interviewer fails, so the interview never stalls. */
  fallbackInterviewer: Interviewer;
  /** Called after grade rows were queued. */
  onGradesQueued: () => void;
  /** Called once a session is over (completed or ended), after its grade rows exist. */
  onSessionEnded?: (sessionId: string) => void;
  /** Computes delivery insights for a spoken answer, when the speech module is present. */
  delivery?: (
    text: string,
    durationMs: number | undefined,
    question: Question,
    kind: "question" | "followup",
  ) => Record<string, unknown> | null;
  logger: Logger;
  maxFollowups: number;
  recentQuestionsAvoided: number;
}

export type CreateSessionInput = ReturnType<typeof CreateSessionBody.parse>;

export interface Advance {
  answeredTurnId: string;
  decision: { action: "follow-up" | "move-on" | "skip" | "end"; reason: string; interviewer: string };
  next: TurnRow | null;
  session: SessionRow;
  /** Every turn of the session after this step, in order. */
  turns: TurnRow[];
  replayed: boolean;
}

const asDb = (tx: unknown) => tx as Db;

export function hubFor(content: Content, roleId: string): RoleHub {
  const hub = content.hub(roleId);
  if (!hub) {
    throw new AppError("validation_failed", `Unknown role "${roleId}". GET /api/roles lists the roles.`, {
      field: "role",
    });
  }
  return hub;
}

export function questionOf(hub: RoleHub, id: string): Question {
  const q = hub.questionsById.get(id);
  if (!q) throw new AppError("internal_error", `Question ${id} is no longer in the bank.`);
  return q;
}

function resolvePlan(hub: RoleHub, input: CreateSessionInput, recentlySeen: string[]) {
  const { role } = hub;
  if (input.questionIds) {
    input.questionIds.forEach((id, i) => {
      if (!hub.questionsById.has(id)) {
        throw new AppError("validation_failed", `Unknown question "${id}".`, { field: `questionIds[${i}]` });
      }
    });
    const rounds = [...new Set(input.questionIds.map((id) => questionOf(hub, id).round))];
    return { presetId: null, rounds, questionIds: input.questionIds };
  }
  if (input.preset && input.rounds) {
    throw new AppError("validation_failed", "Give either a preset or a list of rounds, not both.", {
      field: "rounds",
    });
  }
  let rounds: string[];
  let count: number;
  let presetId: string | null = null;
  if (input.preset) {
    const preset = role.presets.find((p) => p.id === input.preset);
    if (!preset) {
      const known = role.presets.map((p) => p.id).join(", ");
      throw new AppError("validation_failed", `Unknown preset "${input.preset}". Known presets: ${known}.`, {
        field: "preset",
      });
    }
    presetId = preset.id;
    rounds = preset.rounds;
    count = input.questionCount ?? preset.questionCount;
  } else {
    rounds = input.rounds ?? role.rounds.map((r) => r.id);
    rounds.forEach((r, i) => {
      if (!role.rounds.some((x) => x.id === r)) {
        const known = role.rounds.map((x) => x.id).join(", ");
        throw new AppError("validation_failed", `Unknown round "${r}". Known rounds: ${known}.`, {
          field: `rounds[${i}]`,
        });
      }
    });
    count = input.questionCount ?? Math.max(rounds.length, Math.min(6, rounds.length * 2));
  }
  const questionIds = planQuestions(role, hub.questions, {
    rounds,
    questionCount: count,
    difficulty: input.difficulty,
    recentlySeen,
  });
  if (questionIds.length === 0) {
    throw new AppError("validation_failed", "The chosen rounds have no questions.", { field: "rounds" });
  }
  return { presetId, rounds, questionIds };
}

export async function createSession(deps: EngineDeps, candidateId: string, input: CreateSessionInput) {
  const hub = hubFor(deps.content, input.role);
  const recent = await recentlySeenQuestions(deps.db, candidateId, deps.recentQuestionsAvoided);
  const plan = resolvePlan(hub, input, recent);
  const first = questionOf(hub, plan.questionIds[0] as string);
  return deps.db.transaction(async (txRaw) => {
    const tx = asDb(txRaw);
    const [session] = await tx
      .insert(sessions)
      .values({
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
      })
      .returning();
    if (!session) throw new AppError("internal_error", "The session could not be created.");
    await tx.insert(turns).values(bankTurn(session.id, 0, 0, first));
    return session;
  });
}

function bankTurn(sessionId: string, seq: number, questionIndex: number, q: Question): typeof turns.$inferInsert {
  return {
    sessionId,
    seq,
    questionIndex,
    questionId: q.id,
    kind: "question",
    prompt: q.text,
    interviewer: "bank",
  };
}

function threadOf(all: TurnRow[], questionIndex: number): TurnRow[] {
  return all.filter((t) => t.questionIndex === questionIndex);
}

export function exchangeOf(thread: TurnRow[]): ExchangeTurn[] {
  return thread
    .filter((t) => t.status === "answered" && t.answer)
    .map((t) => ({
      turnId: t.id,
      kind: t.kind,
      prompt: t.prompt,
      answer: t.answer ?? "",
      targetKeyPointId: t.targetKeyPointId,
    }));
}

interface AnswerInput {
  candidateId: string;
  sessionId: string;
  turnId: string;
  text: string;
  mode?: "typed" | "spoken";
  durationMs?: number;
  idempotencyKey?: string;
}

/** Validates that turnId is the open prompt of an active session, inside the caller's transaction. */
async function lockCurrentTurn(tx: Db, input: { candidateId: string; sessionId: string; turnId: string }) {
  const session = await findOwnedSession(tx, input.candidateId, input.sessionId, { lock: true });
  const [turn] = await tx
    .select()
    .from(turns)
    .where(and(eq(turns.sessionId, session.id), eq(turns.id, input.turnId)));
  if (!turn) {
    throw new AppError("not_found", `Turn ${input.turnId} is not part of this session.`, { field: "turnId" });
  }
  if (session.status !== "active") {
    throw new AppError("session_not_active", `The session is ${session.status}; it takes no more answers.`);
  }
  if (turn.status !== "open") {
    throw new AppError("turn_already_answered", `Turn ${turn.id} was already ${turn.status}.`, { field: "turnId" });
  }
  return { session, turn };
}

/** Stores the answer first (its own transaction), then lets the interviewer decide what comes next. */
export async function submitAnswer(deps: EngineDeps, input: AnswerInput, opts: DecideOptions = {}): Promise<Advance> {
  if (input.idempotencyKey) {
    const replay = await replayFor(deps, input);
    if (replay) return replay;
  }
  const session = await deps.db.transaction(async (txRaw) => {
    const tx = asDb(txRaw);
    const { session: hubSession, turn } = await lockCurrentTurn(tx, input);
    const question = questionOf(hubFor(deps.content, hubSession.roleId), turn.questionId);
    const delivery =
      input.mode === "spoken" && deps.delivery
        ? deps.delivery(input.text, input.durationMs, question, turn.kind)
        : null;
    await tx
      .update(turns)
      .set({
        status: "answered",
        answer: input.text,
        answerMode: input.mode ?? hubSession.mode,
        answerDurationMs: input.durationMs ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        delivery,
        answeredAt: new Date(),
      })
      .where(eq(turns.id, turn.id));
    return hubSession;
  });
  return advanceFrom(deps, session, { forceMoveOn: null }, opts, input.turnId);
}

async function replayFor(deps: EngineDeps, input: AnswerInput): Promise<Advance | null> {
  const session = await findOwnedSession(deps.db, input.candidateId, input.sessionId);
  const [prior] = await deps.db
    .select()
    .from(turns)
    .where(and(eq(turns.sessionId, session.id), eq(turns.idempotencyKey, input.idempotencyKey as string)));
  if (!prior) return null;
  if (prior.id !== input.turnId || prior.answer !== input.text) {
    throw new AppError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a different answer. Send a new key for a new answer.",
      { field: "Idempotency-Key" },
    );
  }
  const all = await sessionTurns(deps.db, session.id);
  const next = all.find((t) => t.seq === prior.seq + 1) ?? null;
  if (!next && session.status === "active") {
    // The server stopped between storing the answer and choosing the next prompt: finish that now.
    return advance(deps, input.candidateId, input.sessionId, { forceMoveOn: null }, {}, prior.id);
  }
  const action = next?.kind === "followup" ? "follow-up" : "move-on";
  return {
    answeredTurnId: prior.id,
    decision: { action, reason: "replay of an earlier identical request", interviewer: next?.interviewer ?? "bank" },
    next,
    session,
    turns: all,
    replayed: true,
  };
}

export async function skipTurn(
  deps: EngineDeps,
  input: { candidateId: string; sessionId: string; turnId: string },
): Promise<Advance> {
  const session = await deps.db.transaction(async (txRaw) => {
    const tx = asDb(txRaw);
    const locked = await lockCurrentTurn(tx, input);
    await tx.update(turns).set({ status: "skipped", answeredAt: new Date() }).where(eq(turns.id, locked.turn.id));
    return locked.session;
  });
  return advanceFrom(
    deps,
    session,
    { forceMoveOn: "skip", reason: "the candidate skipped the question" },
    {},
    input.turnId,
  );
}

type Force = { forceMoveOn: null } | { forceMoveOn: "skip"; reason: string };

/**
 * Chooses and stores the next prompt after the last closed turn. Safe to call again after a crash:
 * the (session, seq) unique index means a second writer loses and the stored prompt wins.
 */
export async function advance(
  deps: EngineDeps,
  candidateId: string,
  sessionId: string,
  force: Force,
  opts: DecideOptions,
  answeredTurnId: string,
): Promise<Advance> {
  const session = await findOwnedSession(deps.db, candidateId, sessionId);
  return advanceFrom(deps, session, force, opts, answeredTurnId);
}

async function advanceFrom(
  deps: EngineDeps,
  session: SessionRow,
  force: Force,
  opts: DecideOptions,
  answeredTurnId: string,
): Promise<Advance> {
  const { candidateId } = session;
  const sessionId = session.id;
  const hub = hubFor(deps.content, session.roleId);
  const all = await sessionTurns(deps.db, session.id);
  const last = all[all.length - 1];
  if (!last || last.status === "open") {
    return {
      answeredTurnId,
      decision: { action: "move-on", reason: "already advanced", interviewer: "bank" },
      next: last ?? null,
      session,
      turns: all,
      replayed: true,
    };
  }
  const question = questionOf(hub, last.questionId);
  const thread = threadOf(all, last.questionIndex);
  const exchange = exchangeOf(thread);
  let decision: FollowupDecision;
  let interviewer = deps.interviewer.info();
  if (force.forceMoveOn) {
    decision = { action: "move-on", reason: force.reason };
  } else {
    const ctx = {
      sessionId: session.id,
      question,
      rubric: hub.rubric,
      exchange,
      followupsAsked: thread.filter((t) => t.kind === "followup").length,
      maxFollowups: session.maxFollowups,
    };
    try {
      decision = await deps.interviewer.decide(ctx, opts);
    } catch (err) {
      deps.logger.warn("interviewer failed; using the offline interviewer", { error: (err as Error).message });
      interviewer = deps.fallbackInterviewer.info();
      decision = await deps.fallbackInterviewer.decide(ctx, opts);
      decision = { ...decision, reason: `${decision.reason} (offline fallback: ${(err as Error).message})` };
    }
  }
  const interviewerLabel = `${interviewer.id}@${interviewer.version}`;
  const nextQuestionIndex = last.questionIndex + 1;
  const result = await deps.db.transaction(async (txRaw) => {
    const tx = asDb(txRaw);
    const locked = await findOwnedSession(tx, candidateId, sessionId, { lock: true });
    const [already] = await tx
      .select()
      .from(turns)
      .where(and(eq(turns.sessionId, session.id), eq(turns.seq, last.seq + 1)));
    if (already || locked.status !== "active") return { next: already ?? null, session: locked, raced: true };
    if (decision.action === "follow-up") {
      const [next] = await tx
        .insert(turns)
        .values({
          sessionId: session.id,
          seq: last.seq + 1,
          questionIndex: last.questionIndex,
          questionId: question.id,
          kind: "followup",
          prompt: decision.text,
          targetKeyPointId: decision.targetKeyPointId,
          targetCompetencyId: decision.targetCompetencyId,
          interviewer: interviewerLabel,
          interviewerModel: interviewer.model,
          promptVersion: interviewer.promptVersion,
        })
        .returning();
      return { next: next ?? null, session: locked, raced: false };
    }
    await ensureGradeRow(tx, session, last.questionIndex, question.id, question.version, exchange.length > 0);
    const nextId = session.questionIds[nextQuestionIndex];
    if (nextId === undefined) {
      const [done] = await tx
        .update(sessions)
        .set({ status: "completed", endedAt: new Date() })
        .where(eq(sessions.id, session.id))
        .returning();
      return { next: null, session: done ?? locked, raced: false };
    }
    const [next] = await tx
      .insert(turns)
      .values(bankTurn(session.id, last.seq + 1, nextQuestionIndex, questionOf(hub, nextId)))
      .returning();
    return { next: next ?? null, session: locked, raced: false };
  });
  if (decision.action === "move-on") deps.onGradesQueued();
  const action = force.forceMoveOn === "skip" ? "skip" : decision.action;
  return {
    answeredTurnId,
    decision: {
      action: result.raced ? (result.next?.kind === "followup" ? "follow-up" : "move-on") : action,
      reason: result.raced ? "another request already chose the next prompt" : decision.reason,
      interviewer: force.forceMoveOn ? "candidate" : interviewerLabel,
    },
    next: result.next,
    session: result.session,
    turns: result.next && !all.some((t) => t.id === result.next?.id) ? [...all, result.next] : all,
    replayed: false,
  };
}

/** Ends the session early; answered threads are still graded, unanswered ones are marked skipped. */
export async function endSession(deps: EngineDeps, candidateId: string, sessionId: string): Promise<SessionRow> {
  const hubSession = await findOwnedSession(deps.db, candidateId, sessionId);
  const hub = hubFor(deps.content, hubSession.roleId);
  const ended = await deps.db.transaction(async (txRaw) => {
    const tx = asDb(txRaw);
    const session = await findOwnedSession(tx, candidateId, sessionId, { lock: true });
    if (session.status !== "active") {
      throw new AppError("session_not_active", `The session is already ${session.status}.`);
    }
    const all = await sessionTurns(tx, session.id);
    await tx
      .update(turns)
      .set({ status: "skipped", answeredAt: new Date() })
      .where(and(eq(turns.sessionId, session.id), eq(turns.status, "open")));
    const indexes = [...new Set(all.map((t) => t.questionIndex))];
    for (const qi of indexes) {
      const thread = threadOf(all, qi);
      const q = questionOf(hub, (thread[0] as TurnRow).questionId);
      await ensureGradeRow(tx, session, qi, q.id, q.version, exchangeOf(thread).length > 0);
    }
    const [row] = await tx
      .update(sessions)
      .set({ status: "ended", endedAt: new Date() })
      .where(eq(sessions.id, session.id))
      .returning();
    return row ?? session;
  });
  deps.onGradesQueued();
  deps.onSessionEnded?.(ended.id);
  return ended;
}
