import { describe, expect, it } from "vitest";
import type { AnswerAcceptedT, ScorecardT, SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp } from "../support/app.ts";
import {
  firstSentences,
  hub,
  type LlmTestApp,
  questionOfRequest,
  scriptedGrade,
  startLlmTestApp,
  useScriptedLlm,
} from "../support/llm-app.ts";
import type { ScriptedLlm, ScriptedReply } from "../support/scripted-llm.ts";

let llm: ScriptedLlm;
let t: LlmTestApp | undefined;
useScriptedLlm({
  started: (s) => {
    llm = s;
  },
  app: () => t,
  forget: () => {
    t = undefined;
  },
});

describe("token accounting", () => {
  it("adds up every call of a session, failed attempts included, and prices what has a price", async () => {
    const [q1, q2] = hub().questions;
    if (!q1 || !q2) throw new Error("the bank needs two questions");
    t = await startLlmTestApp(llm, { LLM_PRICES: JSON.stringify({ "scripted-grader": { input: 1, output: 2 } }) });
    const interviewer: ScriptedReply[] = [
      {
        kind: "stream",
        chunks: [
          `{"action":"follow-up","keyPointId":"${q1.keyPoints[0]?.id}","competencyId":null,"reason":"gap"}\n`,
          "Can you say more about that?",
        ],
        usage: { prompt_tokens: 900, completion_tokens: 40 },
      },
      {
        kind: "stream",
        chunks: ['{"action":"move-on","keyPointId":null,"competencyId":null,"reason":"enough"}'],
        usage: { prompt_tokens: 800, completion_tokens: 20 },
      },
    ];
    const good = (q: typeof q1, prompt_tokens: number, completion_tokens: number): ScriptedReply => ({
      kind: "json",
      value: scriptedGrade(q, { level: 3, quotes: [firstSentences(q.modelAnswer, 1)] }),
      usage: { prompt_tokens, completion_tokens },
    });
    // Grades run concurrently, so replies are chosen by the question each request is about.
    const grader: Record<string, ScriptedReply[]> = {
      [q1.id]: [{ kind: "status", status: 500 }, good(q1, 1500, 300)],
      [q2.id]: [good(q2, 1200, 250)],
    };
    llm.otherwise(
      (req) =>
        (req.body.stream ? interviewer.shift() : grader[questionOfRequest(req)?.id ?? ""]?.shift()) ?? {
          kind: "status",
          status: 500,
        },
    );

    const token = await t.candidate();
    const created = (await (
      await t.request("/api/sessions", {
        method: "POST",
        token,
        json: { questionIds: [q1.id, q2.id], maxFollowups: 1 },
      })
    ).json()) as SessionViewT;
    let current = created.current;
    const texts = [q1.modelAnswer, "I would add a short example.", q2.modelAnswer];
    for (const text of texts) {
      const res = await t.request(`/api/sessions/${created.id}/answers`, {
        method: "POST",
        token,
        json: { turnId: current?.turnId, text },
      });
      expect(res.status).toBe(200);
      current = ((await res.json()) as AnswerAcceptedT).next;
    }
    expect(current).toBeNull();
    await t.services.grading.idle();
    const sc = (await (await t.request(`/api/sessions/${created.id}/scorecard`, { token })).json()) as ScorecardT;

    // follow-up on q1 (900/40); at the limit on q1's follow-up no call; move-on on q2 (800/20);
    // grading q1: a 500 (no tokens) then 1500/300; grading q2: 1200/250.
    expect(sc.usage).toMatchObject({
      calls: 5,
      failedCalls: 1,
      inputTokens: 900 + 800 + 1500 + 1200,
      outputTokens: 40 + 20 + 300 + 250,
      unpricedModels: ["scripted-interviewer"],
    });
    expect(sc.usage.estimatedCostUsd).toBeCloseTo(((1500 + 1200) * 1 + (300 + 250) * 2) / 1e6, 10);
    expect(sc.usage.byPurpose).toMatchObject([
      { purpose: "followup", calls: 2, inputTokens: 1700, outputTokens: 60, estimatedCostUsd: null },
      { purpose: "grade", calls: 3, failedCalls: 1, inputTokens: 2700, outputTokens: 550 },
    ]);
    expect(sc.usage.byGrade).toMatchObject([
      { questionIndex: 0, calls: 2, inputTokens: 1500, outputTokens: 300 },
      { questionIndex: 1, calls: 1, inputTokens: 1200, outputTokens: 250 },
    ]);
    expect(sc.usage.latencyMs).toBeGreaterThan(0);
  });

  it("shows zero usage and no cost for an offline session", async () => {
    const app = await startTestApp();
    try {
      const token = await app.candidate();
      const q = hub().questions[0]!;
      const s = (await (
        await app.request("/api/sessions", { method: "POST", token, json: { questionIds: [q.id], maxFollowups: 0 } })
      ).json()) as SessionViewT;
      const sc = (await (await app.request(`/api/sessions/${s.id}/scorecard`, { token })).json()) as ScorecardT;
      expect(sc.usage).toEqual({
        calls: 0,
        failedCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        latencyMs: 0,
        estimatedCostUsd: null,
        unpricedModels: [],
        byPurpose: [],
        byGrade: [],
      });
    } finally {
      await app.close();
    }
  });
});
