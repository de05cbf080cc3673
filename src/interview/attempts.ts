import type { Question, Rubric } from "../content/schema.ts";
import type { GradeResult, KeyPointResult, KeyPointStatus } from "../db/records.ts";

/*
 * A candidate's attempts at one bank question, compared one against the previous: which key
 * points each newly covered or lost, how each competency's level moved, and how long each took.
 * Pure: the rows come from src/repository/attempts.ts.
 */

/** One attempt as stored: the question's grade row in a session, with the turns of its thread. */
export interface AttemptSource {
  sessionId: string;
  questionIndex: number;
  status: "pending" | "running" | "graded" | "ungraded";
  result: GradeResult | null;
  turns: {
    kind: "question" | "followup";
    status: "open" | "answered" | "skipped";
    answerDurationMs: number | null;
    createdAt: Date;
    answeredAt: Date | null;
  }[];
}

/** How a key point moved from the previous graded attempt to this one. */
export type KeyPointChange = "first" | "newly-covered" | "lost" | "better" | "worse" | "same";

export interface KeyPointDiff {
  keyPointId: string;
  status: KeyPointStatus;
  previous: KeyPointStatus | null;
  change: KeyPointChange;
}

export interface AttemptView {
  sessionId: string;
  questionIndex: number;
  startedAt: string;
  answeredAt: string | null;
  gradeStatus: AttemptSource["status"];
  followups: number;
  /** Recorded speaking time when every answer has one, else from the prompt to the last answer. */
  time: { ms: number; source: "answering" | "on-question" } | null;
  competencies: { competencyId: string; name: string; level: number | null; change: number | null }[];
  keyPoints: (KeyPointDiff & { text: string })[];
  newlyCovered: string[];
  lost: string[];
}

const RANK: Record<KeyPointStatus, number> = { missed: 0, partial: 1, covered: 2 };

function changeOf(previous: KeyPointStatus | null, status: KeyPointStatus): KeyPointChange {
  if (previous === null) return "first";
  if (status === "covered" && previous !== "covered") return "newly-covered";
  if (previous === "covered" && status !== "covered") return "lost";
  if (RANK[status] > RANK[previous]) return "better";
  if (RANK[status] < RANK[previous]) return "worse";
  return "same";
}

/**
 * Each key point of `next` against the same point in `previous` (null for a first attempt). A point
 * the earlier grade did not mention counts as missed then, so covering it is "newly covered".
 */
export function diffKeyPoints(previous: KeyPointResult[] | null, next: KeyPointResult[]): KeyPointDiff[] {
  const before = new Map(previous?.map((k) => [k.keyPointId, k.status]));
  return next.map((k) => {
    const prev = previous === null ? null : (before.get(k.keyPointId) ?? "missed");
    return { keyPointId: k.keyPointId, status: k.status, previous: prev, change: changeOf(prev, k.status) };
  });
}

export function timeTaken(turns: AttemptSource["turns"]): AttemptView["time"] {
  const answered = turns.filter((t) => t.status === "answered");
  if (answered.length === 0) return null;
  if (answered.every((t) => t.answerDurationMs !== null)) {
    return { ms: answered.reduce((sum, t) => sum + (t.answerDurationMs ?? 0), 0), source: "answering" };
  }
  const first = turns[0];
  const lastAnswer = Math.max(...answered.map((t) => t.answeredAt?.getTime() ?? 0));
  if (!first || lastAnswer === 0) return null;
  return { ms: Math.max(0, lastAnswer - first.createdAt.getTime()), source: "on-question" };
}

const hasAnswer = (a: AttemptSource) => a.turns.some((t) => t.status === "answered");

/**
 * The attempts that have an answer, oldest first (the input's order), each compared with the
 * latest earlier attempt that was graded; ungraded or pending attempts are shown but never the base.
 */
export function compareAttempts(question: Question, rubric: Rubric, sources: AttemptSource[]): AttemptView[] {
  let base: GradeResult | null = null;
  const out: AttemptView[] = [];
  for (const a of sources.filter(hasAnswer)) {
    const graded = a.status === "graded" && a.result ? a.result : null;
    const diffs = graded ? diffKeyPoints(base?.keyPoints ?? null, graded.keyPoints) : [];
    const levelBefore = new Map(base?.competencies.map((c) => [c.competencyId, c.level]));
    const answeredAt = Math.max(0, ...a.turns.map((t) => t.answeredAt?.getTime() ?? 0));
    out.push({
      sessionId: a.sessionId,
      questionIndex: a.questionIndex,
      startedAt: (a.turns[0]?.createdAt ?? new Date(0)).toISOString(),
      answeredAt: answeredAt > 0 ? new Date(answeredAt).toISOString() : null,
      gradeStatus: a.status,
      followups: a.turns.filter((t) => t.kind === "followup" && t.status === "answered").length,
      time: timeTaken(a.turns),
      competencies: (graded?.competencies ?? []).map((c) => {
        const before = levelBefore.get(c.competencyId) ?? null;
        return {
          competencyId: c.competencyId,
          name: rubric.competencies.find((x) => x.id === c.competencyId)?.name ?? c.competencyId,
          level: c.level,
          change: c.level !== null && before !== null ? c.level - before : null,
        };
      }),
      keyPoints: diffs.map((d) => ({
        ...d,
        text: question.keyPoints.find((k) => k.id === d.keyPointId)?.text ?? d.keyPointId,
      })),
      newlyCovered: diffs.filter((d) => d.change === "newly-covered").map((d) => d.keyPointId),
      lost: diffs.filter((d) => d.change === "lost").map((d) => d.keyPointId),
    });
    if (graded) base = graded;
  }
  return out;
}
