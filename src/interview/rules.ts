import type { RoleHub } from "../content/load.ts";
import type { Question } from "../content/schema.ts";
import type { TurnDecision } from "../db/records.ts";
import { exchangeOf } from "../grading/exchange.ts";
import type { NewGrade, NewTurn, SessionRow, TurnRow } from "../repository/rows.ts";
import type { FollowupContext, FollowupDecision, InterviewerInfo } from "./interviewer.ts";

/*
 * The interview's rules, free of I/O: given what is stored and what the interviewer decided, they
 * say what to write next. The service runs them inside its transactions.
 */

export function questionOf(hub: RoleHub, id: string): Question {
  const q = hub.questionsById.get(id);
  if (!q) throw new Error(`Question ${id} is no longer in the bank.`);
  return q;
}

export function bankTurn(sessionId: string, seq: number, questionIndex: number, q: Question): NewTurn {
  return { sessionId, seq, questionIndex, questionId: q.id, kind: "question", prompt: q.text, interviewer: "bank" };
}

export const threadOf = (all: readonly TurnRow[], questionIndex: number) =>
  all.filter((t) => t.questionIndex === questionIndex);

export const openTurn = (all: readonly TurnRow[]) => all.find((t) => t.status === "open") ?? null;

/** An active session whose last turn is closed lost its next prompt to a crash; the next step repairs it. */
export function needsNextPrompt(session: SessionRow, all: readonly TurnRow[]): boolean {
  const last = all[all.length - 1];
  return session.status === "active" && last !== undefined && last.status !== "open";
}

/** What the interviewer is told about the thread that just closed a turn. */
export function followupContext(session: SessionRow, hub: RoleHub, thread: readonly TurnRow[]): FollowupContext {
  const first = thread[0];
  if (!first) throw new Error("a thread has at least its bank question");
  return {
    sessionId: session.id,
    question: questionOf(hub, first.questionId),
    rubric: hub.rubric,
    exchange: exchangeOf(thread),
    followupsAsked: thread.filter((t) => t.kind === "followup").length,
    maxFollowups: session.maxFollowups,
    jobFocus: session.questionReasons?.[first.questionIndex] ?? null,
  };
}

/** A decision with who made it; skip comes from the candidate, not the interviewer. */
export type Decision = { by: InterviewerInfo | "candidate"; decision: FollowupDecision };

export const interviewerLabel = (by: Decision["by"]) => (by === "candidate" ? "candidate" : `${by.id}@${by.version}`);

export function decisionRecord(d: Decision): TurnDecision {
  return {
    action: d.by === "candidate" ? "skip" : d.decision.action,
    reason: d.decision.reason,
    interviewer: interviewerLabel(d.by),
  };
}

const SKIPPED = "skipped: the candidate gave no answer to this question";
const ENDED_BEFORE_ANSWER = "not answered: the interview was ended while this question was open";

function gradeRow(session: SessionRow, thread: readonly TurnRow[], question: Question, unanswered = SKIPPED): NewGrade {
  const answered = exchangeOf(thread).length > 0;
  return {
    sessionId: session.id,
    questionIndex: (thread[0] as TurnRow).questionIndex,
    questionId: question.id,
    rubricVersion: session.rubricVersion,
    questionVersion: question.version,
    status: answered ? "pending" : "ungraded",
    reason: answered ? null : unanswered,
  };
}

export type Step =
  | { kind: "follow-up"; turn: NewTurn }
  | { kind: "next-question"; grade: NewGrade; turn: NewTurn }
  | { kind: "complete"; grade: NewGrade };

/**
 * What follows the thread's last closed turn: the follow-up the interviewer asked for, or the
 * thread's grade row and then the next bank question, or the end of the plan.
 */
export function nextStep(session: SessionRow, thread: readonly TurnRow[], d: Decision, hub: RoleHub): Step {
  const last = thread[thread.length - 1];
  if (!last || last.status === "open") throw new Error("the thread has no closed turn to follow");
  const question = questionOf(hub, last.questionId);
  if (d.decision.action === "follow-up" && d.by !== "candidate") {
    return {
      kind: "follow-up",
      turn: {
        sessionId: session.id,
        seq: last.seq + 1,
        questionIndex: last.questionIndex,
        questionId: question.id,
        kind: "followup",
        prompt: d.decision.text,
        targetKeyPointId: d.decision.targetKeyPointId,
        targetCompetencyId: d.decision.targetCompetencyId,
        interviewer: interviewerLabel(d.by),
        interviewerModel: d.by.model,
        promptVersion: d.by.promptVersion,
      },
    };
  }
  const grade = gradeRow(session, thread, question);
  const nextIndex = last.questionIndex + 1;
  const nextId = session.questionIds[nextIndex];
  if (nextId === undefined) return { kind: "complete", grade };
  return { kind: "next-question", grade, turn: bankTurn(session.id, last.seq + 1, nextIndex, questionOf(hub, nextId)) };
}

/** Ending early: every thread asked so far gets its grade row (unanswered ones ungraded). */
export function endPlan(session: SessionRow, all: readonly TurnRow[], hub: RoleHub): NewGrade[] {
  const indexes = [...new Set(all.map((t) => t.questionIndex))];
  return indexes.map((qi) => {
    const thread = threadOf(all, qi);
    // A question still open when the candidate ended was not skipped: say so.
    const open = thread[thread.length - 1]?.status === "open";
    return gradeRow(
      session,
      thread,
      questionOf(hub, (thread[0] as TurnRow).questionId),
      open ? ENDED_BEFORE_ANSWER : SKIPPED,
    );
  });
}
