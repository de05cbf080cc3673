import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnswerAcceptedT, HistoryT, ScorecardT, SessionViewT } from "../../src/api/schemas.ts";
import { grades, turns } from "../../src/db/schema.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let token: string;
beforeEach(async () => {
  t = await startTestApp();
  token = await t.candidate();
});
afterEach(async () => {
  await t.close();
});

const start = async (json: unknown) => {
  const res = await t.request("/api/sessions", { method: "POST", token, json });
  expect(res.status).toBe(201);
  return (await res.json()) as SessionViewT;
};
const answer = async (s: SessionViewT | { id: string }, turnId: string, text: string) => {
  const res = await t.request(`/api/sessions/${s.id}/answers`, { method: "POST", token, json: { turnId, text } });
  expect(res.status).toBe(200);
  return (await res.json()) as AnswerAcceptedT;
};
const scorecard = async (id: string) => {
  await t.services.grading.idle();
  return (await (await t.request(`/api/sessions/${id}/scorecard`, { token })).json()) as ScorecardT;
};

const PARTIAL =
  "Overfitting means the model memorises noise in the training data, so it fails to generalise to new data.";

describe("follow-ups", () => {
  it("probes a missed key point, at most maxFollowups times, and credits what the follow-up drew out", async () => {
    const s = await start({ questionIds: ["overfitting"], maxFollowups: 2 });
    const first = await answer(s, s.current!.turnId, PARTIAL);
    expect(first.decision.action).toBe("follow-up");
    expect(first.next?.kind).toBe("followup");
    expect(first.next?.targetKeyPointId).toBe("detection");
    const second = await answer(
      s,
      first.next!.turnId,
      "I would compare training accuracy with validation accuracy; a big gap means overfitting.",
    );
    expect(second.decision.action).toBe("follow-up");
    expect(second.next?.targetKeyPointId).not.toBe("detection");
    const third = await answer(s, second.next!.turnId, "Not sure.");
    expect(third.decision.action).toBe("move-on");
    expect(third.next).toBeNull();
    expect(third.sessionStatus).toBe("completed");
    const sc = await scorecard(s.id);
    const detection = sc.answers[0]?.grade?.keyPoints.find((k) => k.keyPointId === "detection");
    expect(detection?.status).toBe("covered");
    expect(detection?.drawnOutByTurnId).toBe(first.next?.turnId);
  });

  it("asks no follow-up when the limit is zero", async () => {
    const s = await start({ questionIds: ["overfitting", "bias-variance"], maxFollowups: 0 });
    const r = await answer(s, s.current!.turnId, PARTIAL);
    expect(r.decision.action).toBe("move-on");
    expect(r.next?.kind).toBe("question");
    expect(r.next?.questionId).toBe("bias-variance");
  });
});

describe("skip, end early and history", () => {
  it("skips a question (ungraded, with the reason) and ends early keeping answered work graded", async () => {
    const s = await start({ preset: "fundamentals-round", questionCount: 3, maxFollowups: 0 });
    const skipped = await t.request(`/api/sessions/${s.id}/skip`, {
      method: "POST",
      token,
      json: { turnId: s.current!.turnId },
    });
    expect(skipped.status).toBe(200);
    const afterSkip = (await skipped.json()) as AnswerAcceptedT;
    expect(afterSkip.decision.action).toBe("skip");
    expect(afterSkip.next?.questionIndex).toBe(1);
    await answer(s, afterSkip.next!.turnId, PARTIAL);
    const ended = await t.request(`/api/sessions/${s.id}/end`, { method: "POST", token });
    expect(((await ended.json()) as SessionViewT).status).toBe("ended");
    const sc = await scorecard(s.id);
    expect(sc.answers.map((a) => a.grade?.status)).toEqual(["ungraded", "graded", "ungraded"]);
    expect(sc.answers[0]?.grade?.reason).toMatch(/skipped/);
    expect(sc.scorecard.counts).toMatchObject({ questions: 3, graded: 1, skipped: 1, ungraded: 1 });
    expect(sc.answers[2]?.grade?.reason).toMatch(/not answered/);
    expect(sc.scorecard.recommendation).toBe("insufficient-evidence");
    const history = (await (await t.request("/api/sessions", { token })).json()) as HistoryT;
    expect(history.sessions[0]?.id).toBe(s.id);
    expect(history.sessions[0]?.scorecard.counts.graded).toBe(1);
  });

  it("avoids the questions a candidate saw recently", async () => {
    const first = await start({ preset: "fundamentals-round", questionCount: 4 });
    const firstIds = new Set(
      ((await (await t.request(`/api/sessions/${first.id}`, { token })).json()) as SessionViewT).transcript.map(
        (x) => x.questionId,
      ),
    );
    await t.request(`/api/sessions/${first.id}/end`, { method: "POST", token });
    // Only the first prompt is asked in the first session; the next session must not start with it.
    for (let i = 0; i < 3; i++) {
      const next = await start({ preset: "fundamentals-round", questionCount: 4 });
      expect(firstIds.has(next.current!.questionId)).toBe(false);
      await t.request(`/api/sessions/${next.id}/end`, { method: "POST", token });
      firstIds.add(next.current!.questionId);
    }
  });

  it("retries one chosen question", async () => {
    const s = await start({ questionIds: ["stable-softmax"] });
    expect(s.current?.questionId).toBe("stable-softmax");
    expect(s.rounds).toEqual(["coding"]);
  });
});

describe("durability", () => {
  it("finishes a turn that a crash left without a next prompt", async () => {
    const s = await start({ questionIds: ["overfitting", "bias-variance"], maxFollowups: 0 });
    // Simulate a process that stored the answer and died before choosing the next prompt.
    await t.database.db
      .update(turns)
      .set({ status: "answered", answer: PARTIAL, answeredAt: new Date() })
      .where(eq(turns.id, s.current!.turnId));
    const healed = (await (await t.request(`/api/sessions/${s.id}`, { token })).json()) as SessionViewT;
    expect(healed.current?.questionId).toBe("bias-variance");
    expect(healed.transcript[0]?.answer).toBe(PARTIAL);
  });

  it("keeps the answer when grading could not run, and says why", async () => {
    const s = await start({ questionIds: ["overfitting"], maxFollowups: 0 });
    t.services.grading.stop();
    await answer(s, s.current!.turnId, PARTIAL);
    const rows = await t.database.db.select().from(grades).where(eq(grades.sessionId, s.id));
    expect(rows.map((r) => r.status)).toEqual(["pending"]);
    const sc = (await (await t.request(`/api/sessions/${s.id}/scorecard`, { token })).json()) as ScorecardT;
    expect(sc.scorecard.state).toBe("pending");
    expect(sc.answers[0]?.turns[0]?.answer).toBe(PARTIAL);
    await t.services.grading.start();
    const done = await scorecard(s.id);
    expect(done.answers[0]?.grade?.status).toBe("graded");
    expect(done.answers[0]?.grade?.rubricVersion).toBe(1);
    expect(done.answers[0]?.grade?.graderVersion).toMatch(/offline/);
  });
});
