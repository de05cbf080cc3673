import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScorecardT } from "../../src/api/schemas.ts";
import { grades, llmCalls } from "../../src/db/schema.ts";
import { LlmSessionSummarizer } from "../../src/grading/llm/summary.ts";
import { gradeOneAnswer, hub, type LlmTestApp, sampleQuestion, startLlmTestApp } from "../support/llm-app.ts";
import { requestText, type ScriptedLlm, startScriptedLlm } from "../support/scripted-llm.ts";

let llm: ScriptedLlm;
let t: LlmTestApp;
beforeAll(async () => {
  llm = await startScriptedLlm();
  t = await startLlmTestApp(llm, { GRADING_FAILURE_MODE: "offline", LLM_MAX_RETRIES: "0" });
});
afterAll(async () => {
  await t.close();
  await llm.close();
});

describe("session summary", () => {
  it("writes a debrief from the stored grades and accounts the call to the session", async () => {
    const question = sampleQuestion();
    // No scripted grade: the LLM grader fails once and the offline grader's result is what gets summarised.
    llm.push({ kind: "status", status: 500 });
    const { scorecard, sessionId } = await gradeOneAnswer(t, question, question.modelAnswer);
    const grade = scorecard.answers[0]?.grade;
    expect(grade?.grader).toBe("offline");

    llm.push({
      kind: "json",
      value: {
        overview: "You covered the main ideas.",
        focusAreas: [{ area: "Trade-offs", practice: "Name one alternative." }],
      },
      usage: { prompt_tokens: 400, completion_tokens: 60 },
    });
    const [stored] = await t.database.db.select().from(grades).where(eq(grades.sessionId, sessionId));
    const summarizer = new LlmSessionSummarizer(t.llm.client);
    const summary = await summarizer.summarize({
      sessionId,
      rubric: hub().rubric,
      competencyMeans: scorecard.scorecard.competencies.map((c) => ({ competencyId: c.competencyId, mean: c.mean })),
      grades: [{ questionText: question.text, result: stored!.result! }],
    });
    expect(summary).toMatchObject({ overview: "You covered the main ideas.", promptVersion: "session-summary@1.0.0" });
    const req = llm.requests.at(-1)!;
    expect(requestText(req)).toContain(question.text);
    expect(requestText(req)).toContain(grade!.strengths[0] ?? "none noted");
    const rows = await t.database.db.select().from(llmCalls).where(eq(llmCalls.purpose, "session-summary"));
    expect(rows).toMatchObject([{ sessionId, inputTokens: 400, outputTokens: 60, ok: true }]);
  });

  it("is written automatically once the last answer of a finished session is graded", async () => {
    const auto = await startLlmTestApp(llm, {
      GRADING_FAILURE_MODE: "offline",
      LLM_MAX_RETRIES: "0",
      LLM_SESSION_SUMMARY: "true",
    });
    try {
      const question = sampleQuestion();
      llm.push({ kind: "status", status: 500 });
      llm.push({
        kind: "json",
        value: {
          overview: "Solid on the core idea.",
          focusAreas: [{ area: "Monitoring", practice: "Name the alert." }],
        },
        usage: { prompt_tokens: 300, completion_tokens: 40 },
      });
      const { token, sessionId } = await gradeOneAnswer(auto, question, question.modelAnswer);
      await auto.services.grading.idle();
      const sc = (await (await auto.request(`/api/sessions/${sessionId}/scorecard`, { token })).json()) as ScorecardT;
      expect(sc.summary).toMatchObject({
        overview: "Solid on the core idea.",
        promptVersion: "session-summary@1.0.0",
        model: "scripted-grader",
      });
      expect(sc.summaryPending).toBe(false);
    } finally {
      await auto.close();
    }
  });
});
