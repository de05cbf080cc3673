import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnswerAcceptedT, ScorecardT, SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.close();
});

async function answerAll(token: string, session: SessionViewT, answerFor: (text: string) => string) {
  let current = session.current;
  const seen: AnswerAcceptedT[] = [];
  while (current) {
    const res = await t.request(`/api/sessions/${session.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: current.turnId, text: answerFor(current.text) },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AnswerAcceptedT;
    seen.push(body);
    current = body.next;
  }
  return seen;
}

describe("a whole typed interview", () => {
  it("runs from start to a scorecard whose scores quote the candidate's own words", async () => {
    const token = await t.candidate();
    const created = await t.request("/api/sessions", { method: "POST", token, json: { preset: "quick-practice" } });
    expect(created.status).toBe(201);
    const session = (await created.json()) as SessionViewT;
    expect(session.current?.kind).toBe("question");
    const hub = t.services.content.hub("ml-engineer");
    const answers = await answerAll(token, session, (prompt) => {
      const q = hub?.questions.find((x) => x.text === prompt);
      // Bank questions get the model answer's first half; follow-ups get a short honest reply.
      return q
        ? q.modelAnswer.slice(0, Math.ceil(q.modelAnswer.length / 2))
        : "I am not sure, I would have to look that up.";
    });
    expect(answers.at(-1)?.sessionStatus).toBe("completed");
    await t.services.grading.idle();
    const sc = (await (await t.request(`/api/sessions/${session.id}/scorecard`, { token })).json()) as ScorecardT;
    expect(sc.scorecard.state).toBe("ready");
    expect(sc.answers.length).toBe(session.questionCount);
    const allAnswers = sc.answers.flatMap((a) => a.turns.map((x) => x.answer ?? "")).join("\n");
    for (const a of sc.answers) {
      expect(a.grade?.status).toBe("graded");
      expect(a.grade?.grader).toBe("offline");
      expect(a.modelAnswer).toBeTruthy();
      for (const c of a.grade?.competencies ?? []) {
        if ((c.level ?? 0) >= 2) expect(c.evidence.length).toBeGreaterThan(0);
        for (const e of c.evidence) expect(allAnswers).toContain(e.quote);
      }
    }
    expect(sc.scorecard.recommendation).not.toBe("insufficient-evidence");
    expect(sc.scorecard.derivation.join(" ")).toMatch(/Overall = mean/);
  });
});
