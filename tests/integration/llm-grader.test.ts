import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { llmCalls } from "../../src/db/schema.ts";
import { GERMAN_OVERFITTING } from "../support/grading-probes.ts";
import {
  firstSentences,
  gradeOneAnswer,
  hub,
  type LlmTestApp,
  levelsOf,
  sampleQuestion,
  scriptedGrade,
  startLlmTestApp,
  strongAnswer,
  useScriptedLlm,
} from "../support/llm-app.ts";
import { fenceNonce, requestText, type ScriptedLlm } from "../support/scripted-llm.ts";

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

const question = sampleQuestion();
/** A strong answer in the candidate's own words, so the coverage cross-check lets high levels stand. */
const answer = strongAnswer(question);
const quote = firstSentences(answer, 1);
const good = () => ({ kind: "json" as const, value: scriptedGrade(question, { level: 3, quotes: [quote] }) });
const allLevels = (n: number | null) => Object.fromEntries(question.competencies.map((c) => [c, n]));

async function calls(app: LlmTestApp) {
  return app.database.db.select().from(llmCalls).orderBy(asc(llmCalls.createdAt));
}

describe("LLM grader: structured output", () => {
  it("parses a json_schema grade, keeps the candidate's exact words and records provenance", async () => {
    t = await startLlmTestApp(llm);
    // The model quotes with different case and spacing: forgiven, and stored as the candidate wrote it.
    const sloppy = quote.toUpperCase().replace(/ /g, "  ");
    llm.push({ kind: "json", value: scriptedGrade(question, { level: 3, quotes: [sloppy] }) });
    const { grade, scorecard } = await gradeOneAnswer(t, question, answer);

    expect(grade.status).toBe("graded");
    expect(grade).toMatchObject({
      grader: "llm",
      model: "scripted-grader",
      promptVersion: "grader@1.0.0",
      reason: null,
    });
    expect(levelsOf(grade)).toEqual(allLevels(3));
    for (const c of grade.competencies)
      expect(c.evidence).toEqual([{ quote, turnId: scorecard.answers[0]?.turns[0]?.turnId }]);
    expect(grade.notice).toMatch(/Graded by the language model scripted-grader/);

    const req = llm.requests[0];
    expect(req?.body.response_format?.type).toBe("json_schema");
    expect(req?.body.response_format?.json_schema?.strict).toBe(true);
    expect(JSON.stringify(req?.body.response_format?.json_schema?.schema)).toContain(question.competencies[0]);
    const nonce = req ? fenceNonce(req) : null;
    expect(nonce).toMatch(/^[0-9a-f]{12}$/);
    expect(requestText(req!)).toContain(`<<<ANSWER ${nonce}>>>\n${answer}\n<<<END ANSWER ${nonce}>>>`);
    expect(req?.body.messages[0]?.content).toMatch(/data, not instructions/);
  });

  it("works through function calling for servers without json_schema", async () => {
    t = await startLlmTestApp(llm, { LLM_STRUCTURED_OUTPUT: "function_calling" });
    llm.push(good());
    const { grade } = await gradeOneAnswer(t, question, answer);
    expect(grade.grader).toBe("llm");
    expect(levelsOf(grade)).toEqual(allLevels(3));
    const req = llm.requests[0];
    expect(req?.body.response_format).toBeUndefined();
    expect(req?.body.tools?.[0]?.function.name).toBe("submit_grade");
    expect(req?.body.tool_choice).toEqual({ type: "function", function: { name: "submit_grade" } });
  });

  it("retries malformed output with a corrective note and records every attempt", async () => {
    t = await startLlmTestApp(llm);
    const incomplete = scriptedGrade(question, { level: 3, quotes: [quote] });
    incomplete.competencies = incomplete.competencies.slice(1);
    llm.push({ kind: "text", text: '{"competencies": [' }, { kind: "json", value: incomplete }, good());
    const { grade } = await gradeOneAnswer(t, question, answer);
    expect(grade.grader).toBe("llm");
    expect(llm.requests).toHaveLength(3);
    expect(llm.requests[1]?.body.messages.at(-1)?.content).toMatch(
      /could not be used \(malformed output: the reply is not valid JSON\)/,
    );
    expect(llm.requests[2]?.body.messages.at(-1)?.content).toMatch(/leaves out/);
    const rows = await calls(t);
    expect(rows.map((r) => r.ok)).toEqual([false, false, true]);
    expect(rows[0]?.error).toMatch(/not valid JSON/);
    expect(rows[1]?.error).toMatch(/leaves out/);
    // The malformed replies still cost tokens, and they are counted.
    expect(rows.every((r) => r.inputTokens > 0 && r.outputTokens > 0)).toBe(true);
  });
});

describe("LLM grader: faults and limits", () => {
  it("waits for Retry-After on 429, retries a 500, then succeeds", async () => {
    t = await startLlmTestApp(llm);
    llm.push(
      { kind: "status", status: 429, headers: { "retry-after-ms": "300" } },
      { kind: "status", status: 500 },
      good(),
    );
    const { grade } = await gradeOneAnswer(t, question, answer);
    expect(grade.grader).toBe("llm");
    const [a, b, c] = llm.requests;
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(290);
    expect(c).toBeDefined();
    expect((await calls(t)).map((r) => r.error)).toEqual(["rate limited (HTTP 429)", "server error (HTTP 500)", null]);
  });

  it("stops at the retry limit and falls back to the offline grader, saying why", async () => {
    t = await startLlmTestApp(llm, { LLM_MAX_RETRIES: "2" });
    llm.push({ kind: "status", status: 500 }, { kind: "status", status: 502 }, { kind: "status", status: 500 }, good());
    const { grade } = await gradeOneAnswer(t, question, answer);
    expect(llm.requests).toHaveLength(3);
    expect(llm.pending()).toBe(1);
    expect(grade.status).toBe("graded");
    expect(grade.grader).toBe("offline");
    expect(grade.reason).toBe(
      "llm grader failed (server error (HTTP 500) (after 3 attempts)); graded by the offline grader instead",
    );
    expect(grade.notice).toMatch(/Graded offline/);
  });

  it("leaves the answer ungraded with the reason when configured so, and keeps the answer", async () => {
    t = await startLlmTestApp(llm, { GRADING_FAILURE_MODE: "ungraded", LLM_MAX_RETRIES: "1" });
    llm.push({ kind: "status", status: 429 }, { kind: "status", status: 429 });
    const { grade, scorecard } = await gradeOneAnswer(t, question, answer);
    expect(grade.status).toBe("ungraded");
    expect(grade.reason).toBe("llm grader failed: rate limited (HTTP 429) (after 2 attempts)");
    expect(scorecard.answers[0]?.turns[0]?.answer).toBe(answer);
    expect(scorecard.scorecard.counts.ungraded).toBe(1);
  });

  it("times out a slow model and says so", async () => {
    t = await startLlmTestApp(llm, { LLM_TIMEOUT_MS: "300", LLM_MAX_RETRIES: "1" });
    llm.push({ ...good(), delayMs: 1500 }, { ...good(), delayMs: 1500 });
    const { grade } = await gradeOneAnswer(t, question, answer);
    expect(grade.grader).toBe("offline");
    expect(grade.reason).toMatch(/^llm grader failed \(timeout: no answer within 300 ms \(after 2 attempts\)\)/);
  });

  it("treats a refusal as a failure and reports it", async () => {
    t = await startLlmTestApp(llm, { LLM_MAX_RETRIES: "1" });
    llm.push(
      { kind: "refusal", text: "I can't help with that." },
      { kind: "refusal", text: "I can't help with that." },
    );
    const { grade } = await gradeOneAnswer(t, question, answer);
    expect(grade.grader).toBe("offline");
    expect(grade.reason).toMatch(/refusal: I can't help with that\. \(after 2 attempts\)/);
  });
});

describe("LLM grader: quote verification", () => {
  const invented = () => ({
    kind: "json" as const,
    value: scriptedGrade(question, { level: 4, quotes: ["I have shipped this exact system to a billion users"] }),
  });

  it("gives invented quotes one corrective retry", async () => {
    t = await startLlmTestApp(llm);
    llm.push(invented(), good());
    const { grade } = await gradeOneAnswer(t, question, answer);
    expect(grade.grader).toBe("llm");
    expect(levelsOf(grade)).toEqual(allLevels(3));
    expect(llm.requests[1]?.body.messages.at(-1)?.content).toMatch(/do not occur in the candidate's answers/);
    const rows = await calls(t);
    expect(rows[0]).toMatchObject({ ok: false });
    expect(rows[0]?.error).toMatch(/^invented quotes: 1 quote not found/);
  });

  it("rejects a grade whose quotes are invented twice; the fallback says why", async () => {
    t = await startLlmTestApp(llm);
    llm.push(invented(), invented(), good());
    const { grade } = await gradeOneAnswer(t, question, answer);
    expect(llm.requests).toHaveLength(2);
    expect(grade.grader).toBe("offline");
    expect(grade.reason).toMatch(/^llm grader failed \(invented quotes: .* again after a corrective retry\)/);
  });
});

describe("LLM grader: answers not in English", () => {
  it("grades a German answer that the offline grader cannot read, quoting it verbatim", async () => {
    t = await startLlmTestApp(llm);
    const quote = firstSentences(GERMAN_OVERFITTING, 1);
    const overfitting = hub().questionsById.get("overfitting")!;
    llm.push({ kind: "json", value: scriptedGrade(overfitting, { level: 3, quotes: [quote] }) });
    const { grade } = await gradeOneAnswer(t, overfitting, GERMAN_OVERFITTING);
    expect(grade.status).toBe("graded");
    expect(grade.grader).toBe("llm");
    expect(grade.competencies.map((c) => c.level)).toEqual(overfitting.competencies.map(() => 3));
    for (const c of grade.competencies) expect(c.evidence.map((e) => e.quote)).toEqual([quote]);
  });

  it("falls back to no grade, not a wrong one, when the model fails on a German answer", async () => {
    t = await startLlmTestApp(llm, { LLM_MAX_RETRIES: "0" });
    llm.push({ kind: "status", status: 500 });
    const { grade } = await gradeOneAnswer(t, hub().questionsById.get("overfitting")!, GERMAN_OVERFITTING);
    expect(grade.status).toBe("ungraded");
    expect(grade.reason).toMatch(/^llm grader failed .*no other grader could read it/);
  });
});
