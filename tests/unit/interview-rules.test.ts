import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.ts";
import { OFFLINE_INTERVIEWER_VERSION } from "../../src/interview/interviewer.ts";
import { type Decision, endPlan, needsNextPrompt, nextStep } from "../../src/interview/rules.ts";
import type { SessionRow, TurnRow } from "../../src/repository/rows.ts";

const hub = loadContent().hub("ml-engineer")!;
const session = {
  id: "00000000-0000-4000-8000-000000000001",
  questionIds: ["overfitting", "bias-variance"],
  maxFollowups: 2,
  rubricVersion: 3,
  status: "active",
} as SessionRow;
let n = 0;
const turn = (over: Partial<TurnRow>): TurnRow =>
  ({
    id: `t${n++}`,
    sessionId: session.id,
    seq: 0,
    questionIndex: 0,
    questionId: "overfitting",
    kind: "question",
    prompt: "p",
    status: "answered",
    answer: "an answer",
    targetKeyPointId: null,
    ...over,
  }) as TurnRow;
const offline = { id: "offline", version: OFFLINE_INTERVIEWER_VERSION, model: null, promptVersion: null };
const followUp: Decision = {
  by: offline,
  decision: {
    action: "follow-up",
    text: "How would you detect it?",
    targetKeyPointId: "detection",
    targetCompetencyId: null,
    reason: "r",
  },
};
const moveOn: Decision = { by: offline, decision: { action: "move-on", reason: "covered" } };

describe("nextStep", () => {
  it("asks the follow-up in the same thread, next in sequence, credited to the interviewer", () => {
    const step = nextStep(session, [turn({ seq: 0 })], followUp, hub);
    expect(step.kind).toBe("follow-up");
    if (step.kind !== "follow-up") return;
    expect(step.turn).toMatchObject({ seq: 1, questionIndex: 0, kind: "followup", targetKeyPointId: "detection" });
    expect(step.turn.interviewer).toBe(`offline@${OFFLINE_INTERVIEWER_VERSION}`);
  });

  it("on moving on queues the thread's grade and asks the next bank question", () => {
    const step = nextStep(session, [turn({ seq: 0 }), turn({ seq: 1, kind: "followup" })], moveOn, hub);
    expect(step.kind).toBe("next-question");
    if (step.kind !== "next-question") return;
    expect(step.grade).toMatchObject({ questionIndex: 0, status: "pending", rubricVersion: 3 });
    expect(step.turn).toMatchObject({ seq: 2, questionIndex: 1, questionId: "bias-variance", interviewer: "bank" });
  });

  it("completes after the last planned question; a skipped thread is ungraded with the reason", () => {
    const last = turn({ seq: 3, questionIndex: 1, questionId: "bias-variance", status: "skipped", answer: null });
    const step = nextStep(session, [last], { by: "candidate", decision: moveOn.decision }, hub);
    expect(step.kind).toBe("complete");
    expect(step.kind === "complete" && step.grade).toMatchObject({
      status: "ungraded",
      reason: expect.stringMatching(/skipped/),
    });
  });

  it("never lets a candidate's skip become a follow-up", () => {
    const step = nextStep(session, [turn({})], { by: "candidate", decision: followUp.decision }, hub);
    expect(step.kind).toBe("next-question");
  });

  it("refuses a thread whose last turn is still open", () => {
    expect(() => nextStep(session, [turn({ status: "open", answer: null })], moveOn, hub)).toThrow();
  });
});

describe("endPlan and repair", () => {
  it("gives every asked thread one grade row, graded only where something was answered", () => {
    const rows = endPlan(
      session,
      [turn({ seq: 0 }), turn({ seq: 1, questionIndex: 1, questionId: "bias-variance", status: "open", answer: null })],
      hub,
    );
    expect(rows.map((r) => [r.questionIndex, r.status])).toEqual([
      [0, "pending"],
      [1, "ungraded"],
    ]);
  });

  it("says a question open at the end was not answered because the interview ended, not that it was skipped", () => {
    const rows = endPlan(
      session,
      [
        turn({ seq: 0, status: "skipped", answer: null }),
        turn({ seq: 1, questionIndex: 1, questionId: "bias-variance", status: "open", answer: null }),
      ],
      hub,
    );
    expect(rows.map((r) => r.reason)).toEqual([
      "skipped: the candidate gave no answer to this question",
      "not answered: the interview was ended while this question was open",
    ]);
  });

  it("sees an active session without an open prompt as needing its next prompt", () => {
    expect(needsNextPrompt(session, [turn({})])).toBe(true);
    expect(needsNextPrompt(session, [turn({ status: "open" })])).toBe(false);
    expect(needsNextPrompt({ ...session, status: "completed" }, [turn({})])).toBe(false);
  });
});
