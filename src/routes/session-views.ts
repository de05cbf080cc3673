import type {
  AnswerAcceptedT,
  DeliveryInsightsT,
  GradeViewT,
  HistoryT,
  PlannedQuestionT,
  PromptT,
  ScorecardT,
  SessionViewT,
} from "../api/schemas.ts";
import type { RoleHub } from "../content/load.ts";
import { buildScorecard } from "../grading/scorecard.ts";
import { guidelineMinutes } from "../interview/guideline.ts";
import type { ScorecardState, StepResult } from "../interview/service.ts";
import type { HistoryPage } from "../repository/history.ts";
import type { GradeRow, SessionRow, TurnRow } from "../repository/rows.ts";

/* The JSON the session routes return, built from what the interview service read or wrote. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function promptView(hub: RoleHub, session: SessionRow, turn: TurnRow, all: TurnRow[]): PromptT {
  const q = hub.questionsById.get(turn.questionId);
  const round = hub.role.rounds.find((r) => r.id === q?.round);
  return {
    turnId: turn.id,
    seq: turn.seq,
    kind: turn.kind,
    questionIndex: turn.questionIndex,
    questionCount: session.questionIds.length,
    questionId: turn.questionId,
    round: q?.round ?? "",
    roundTitle: round?.title ?? "",
    type: q?.type ?? "",
    difficulty: q?.difficulty ?? "",
    text: turn.prompt,
    timeGuidelineMinutes: guidelineMinutes(q, turn.kind),
    followupsAsked: all.filter((t) => t.questionIndex === turn.questionIndex && t.kind === "followup").length,
    targetKeyPointId: turn.targetKeyPointId,
    interviewer: turn.interviewer,
  };
}

export function transcriptTurn(t: TurnRow) {
  return {
    turnId: t.id,
    seq: t.seq,
    kind: t.kind,
    questionIndex: t.questionIndex,
    questionId: t.questionId,
    prompt: t.prompt,
    status: t.status,
    answer: t.answer,
    answeredAt: iso(t.answeredAt),
    answerMode: t.answerMode,
    answerDurationMs: t.answerDurationMs,
    delivery: (t.delivery as DeliveryInsightsT | null) ?? null,
  };
}

function sessionBase(session: SessionRow) {
  return {
    id: session.id,
    role: session.roleId,
    presetId: session.presetId,
    rounds: session.rounds,
    difficulty: session.difficulty,
    mode: session.mode,
    maxFollowups: session.maxFollowups,
    status: session.status,
    questionCount: session.questionIds.length,
    createdAt: session.createdAt.toISOString(),
    endedAt: iso(session.endedAt),
  };
}

/** The planned questions in order, with their guideline minutes and why a job description chose them. */
export function planView(
  hub: RoleHub,
  questionIds: readonly string[],
  reasons: readonly (string | null)[] | null,
): PlannedQuestionT[] {
  return questionIds.map((id, i) => {
    const q = hub.questionsById.get(id);
    return {
      questionIndex: i,
      questionId: id,
      round: q?.round ?? "",
      roundTitle: hub.role.rounds.find((r) => r.id === q?.round)?.title ?? "",
      type: q?.type ?? "",
      difficulty: q?.difficulty ?? "",
      timeGuidelineMinutes: guidelineMinutes(q, "question"),
      reason: reasons?.[i] ?? null,
    };
  });
}

export function sessionView(hub: RoleHub, session: SessionRow, all: TurnRow[]): SessionViewT {
  const open = all.find((t) => t.status === "open");
  return {
    ...sessionBase(session),
    current: open && session.status === "active" ? promptView(hub, session, open, all) : null,
    transcript: all.map(transcriptTurn),
    tailored: session.jobDescription !== null,
    plan: planView(hub, session.questionIds, session.questionReasons),
  };
}

export function gradeView(hub: RoleHub, g: GradeRow): GradeViewT {
  const q = hub.questionsById.get(g.questionId);
  const r = g.result;
  return {
    status: g.status,
    grader: g.grader,
    graderVersion: g.graderVersion,
    model: g.model,
    promptVersion: g.promptVersion,
    rubricVersion: g.rubricVersion,
    reason: g.reason,
    gradedAt: iso(g.gradedAt),
    competencies: (r?.competencies ?? []).map((c) => ({
      ...c,
      name: hub.rubric.competencies.find((x) => x.id === c.competencyId)?.name ?? c.competencyId,
    })),
    keyPoints: (r?.keyPoints ?? []).map((k) => ({
      keyPointId: k.keyPointId,
      text: q?.keyPoints.find((x) => x.id === k.keyPointId)?.text ?? k.keyPointId,
      status: k.status,
      evidence: k.evidence,
      drawnOutByTurnId: k.drawnOutByTurnId ?? null,
    })),
    strengths: r?.strengths ?? [],
    improvements: r?.improvements ?? [],
    weakSignals: r?.weakSignals ?? [],
    summary: r?.summary ?? null,
    notice: r?.notice ?? null,
  };
}

function scorecardSummary(hub: RoleHub, session: SessionRow, questionsAsked: number, gradeRows: GradeRow[]) {
  return buildScorecard({
    rubric: hub.rubric,
    questionsAsked,
    questionsPlanned: session.questionIds.length,
    grades: gradeRows,
  });
}

export function acceptedView(hub: RoleHub, result: StepResult): AnswerAcceptedT {
  return {
    answeredTurnId: result.answeredTurnId,
    decision: result.decision,
    next:
      result.next && result.next.status === "open" ? promptView(hub, result.session, result.next, result.turns) : null,
    sessionStatus: result.session.status,
    replayed: result.replayed,
  };
}

export function historyView(hubFor: (roleId: string) => RoleHub, page: HistoryPage): HistoryT {
  return {
    sessions: page.rows.map(({ session: s, questionsAsked, grades }) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      status: s.status,
      role: s.roleId,
      presetId: s.presetId,
      rounds: s.rounds,
      mode: s.mode,
      questionCount: s.questionIds.length,
      scorecard: scorecardSummary(hubFor(s.roleId), s, questionsAsked, grades),
    })),
    total: page.total,
    nextCursor: page.nextCursor,
  };
}

export function scorecardView(hub: RoleHub, state: ScorecardState, summaryExpected: boolean): ScorecardT {
  const { session, turns: all, grades: gradeRows, usage } = state;
  const over = session.status !== "active";
  const indexes = [...new Set(all.map((t) => t.questionIndex))].sort((a, b) => a - b);
  return {
    session: sessionBase(session),
    scorecard: scorecardSummary(hub, session, new Set(all.map((t) => t.questionIndex)).size, gradeRows),
    rubric: { id: hub.rubric.id, version: session.rubricVersion },
    summary: session.summary ?? null,
    summaryPending: summaryExpected && !session.summary && session.status !== "active" && debriefDue(gradeRows),
    usage,
    answers: indexes.map((qi) => {
      const thread = all.filter((t) => t.questionIndex === qi);
      const first = thread[0] as TurnRow;
      const q = hub.questionsById.get(first.questionId);
      const g = gradeRows.find((x) => x.questionIndex === qi);
      return {
        questionIndex: qi,
        questionId: first.questionId,
        questionText: first.prompt,
        round: q?.round ?? "",
        type: q?.type ?? "",
        timeGuidelineMinutes: q?.timeGuidelineMinutes ?? 0,
        turns: thread.map(transcriptTurn),
        grade: g ? gradeView(hub, g) : null,
        modelAnswer: over ? (q?.modelAnswer ?? null) : null,
        commonMistakes: over ? (q?.commonMistakes ?? null) : null,
      };
    }),
  };
}

/** A debrief follows the last grade within moments; after a minute without one, stop expecting it. */
function debriefDue(gradeRows: GradeRow[], now = Date.now()): boolean {
  if (gradeRows.some((g) => g.status === "pending" || g.status === "running")) return true;
  const last = Math.max(0, ...gradeRows.filter((g) => g.status === "graded").map((g) => g.gradedAt?.getTime() ?? 0));
  return last > 0 && now - last < 60_000;
}
