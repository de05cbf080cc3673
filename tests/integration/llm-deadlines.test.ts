import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { AnswerAcceptedT, SessionViewT } from "../../src/api/schemas.ts";
import { turns } from "../../src/db/schema.ts";
import { type LlmTestApp, sampleQuestion, scriptedGrade, startLlmTestApp, useScriptedLlm } from "../support/llm-app.ts";
import type { ScriptedLlm, ScriptedReply } from "../support/scripted-llm.ts";
import { answerStreaming, readEvents } from "../support/sse.ts";

let llm: ScriptedLlm;
let t: LlmTestApp | undefined;
const interviewerReplies: ScriptedReply[] = [];
let graderReply: () => ScriptedReply = () => ({ kind: "status", status: 500, message: "unscripted" });

useScriptedLlm({
  started: (s) => {
    llm = s;
  },
  app: () => t,
  forget: () => {
    t = undefined;
  },
});
afterEach(() => {
  interviewerReplies.length = 0;
});

async function start(extra: Record<string, string>) {
  t = await startLlmTestApp(llm, extra);
  llm.otherwise((req) => (req.body.stream ? interviewerReplies.shift() : undefined) ?? graderReply());
  return t;
}

const question = sampleQuestion();
const target = [...question.keyPoints].sort((a, b) => b.weight - a.weight)[0]!;
const vague = "I would retrain the model and see if the numbers come back.";
const followupText =
  "Before retraining anything, how would you convince yourself that the drop you see is real and not noise?";
const followUpStream = (extra: Partial<Extract<ScriptedReply, { kind: "stream" }>> = {}): ScriptedReply => ({
  kind: "stream",
  chunks: [
    `${JSON.stringify({ action: "follow-up", keyPointId: target.id, competencyId: null, reason: "not verified" })}\n`,
    ...followupText.match(/.{1,9}/g)!,
  ],
  ...extra,
});

async function begin(app: LlmTestApp, body: Record<string, unknown>) {
  const token = await app.candidate();
  const res = await app.request("/api/sessions", { method: "POST", token, json: body });
  expect(res.status).toBe(201);
  return { token, session: (await res.json()) as SessionViewT };
}

const storedDecision = async (app: LlmTestApp, turnId: string) => {
  const [row] = await app.database.db
    .select({ decision: turns.decision })
    .from(turns)
    .where(and(eq(turns.id, turnId)));
  return row?.decision;
};

describe("interviewer deadlines", () => {
  it("a model that never answers: past the deadline the offline interviewer asks, and the turn says why", async () => {
    const app = await start({ LLM_INTERVIEWER_DEADLINE_MS: "1500", LLM_INTERVIEWER_FIRST_TOKEN_MS: "600" });
    // Every interviewer call hangs for a minute before sending anything.
    for (let i = 0; i < 5; i++) interviewerReplies.push(followUpStream({ delayMs: 60_000 }));
    const { token, session } = await begin(app, { questionIds: [question.id], maxFollowups: 2 });
    const started = performance.now();
    const res = await app.request(`/api/sessions/${session.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: session.current!.turnId, text: vague },
    });
    const waited = performance.now() - started;
    expect(res.status).toBe(200);
    const body = (await res.json()) as AnswerAcceptedT;
    expect(body.decision.interviewer).toMatch(/^offline@/);
    expect(body.decision.reason).toMatch(/offline fallback: the interviewer's model gave no decision within 1500 ms/);
    expect(question.probes.map((p) => p.text)).toContain(body.next?.text);
    // It did not wait for the hung model (a minute) nor for the request timeout.
    expect(waited).toBeLessThan(20_000);
    // Attempts were cut at the first-token deadline and retried within the overall deadline.
    expect(llm.requests.filter((r) => r.body.stream).length).toBeGreaterThanOrEqual(2);
    expect(await storedDecision(app, session.current!.turnId)).toMatchObject({
      action: "follow-up",
      reason: body.decision.reason,
    });
  });

  it("a stream that stalls after part of the follow-up ends with an interrupted event, then the offline prompt", async () => {
    const app = await start({ LLM_INTERVIEWER_DEADLINE_MS: "4000", LLM_INTERVIEWER_FIRST_TOKEN_MS: "700" });
    interviewerReplies.push(followUpStream({ stallAfter: 10, stallMs: 60_000 }));
    const { token, session } = await begin(app, { questionIds: [question.id], maxFollowups: 2 });
    const events = await readEvents(await answerStreaming(app, token, session.id, session.current!.turnId, vague));
    const names = events.map((e) => e.event);
    expect(names[0]).toBe("delta");
    expect(names.slice(-2)).toEqual(["interrupted", "result"]);
    const partial = events
      .filter((e) => e.event === "delta")
      .map((e) => (e.data as { text: string }).text)
      .join("");
    expect(followupText.startsWith(partial.trim())).toBe(true);
    expect(events.at(-2)!.data).toMatchObject({
      message: "The interviewer's model stopped; here is the next question instead.",
      reason: expect.stringMatching(/stalled for 700 ms/),
    });
    const body = events.at(-1)!.data as AnswerAcceptedT;
    expect(body.decision.interviewer).toMatch(/^offline@/);
    expect(question.probes.map((p) => p.text)).toContain(body.next?.text);
    // A stream the candidate already saw part of is never retried.
    expect(llm.requests.filter((r) => r.body.stream)).toHaveLength(1);
  });
});

describe("interviewer lane", () => {
  it("a follow-up is not held behind slow grading that fills every grading slot", async () => {
    const gradingMs = 3000;
    graderReply = () => ({
      kind: "json",
      value: scriptedGrade(question, { level: 3, quotes: [] }),
      delayMs: gradingMs,
    });
    const app = await start({ LLM_CONCURRENCY: "1", GRADING_FAILURE_MODE: "offline" });
    // Session A closes its only question at once, so its grade takes the one grading slot.
    const a = await begin(app, { questionIds: [question.id], maxFollowups: 0 });
    await app.request(`/api/sessions/${a.session.id}/answers`, {
      method: "POST",
      token: a.token,
      json: { turnId: a.session.current!.turnId, text: vague },
    });
    const until = Date.now() + 5000;
    while (!llm.requests.some((r) => !r.body.stream) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const grading = llm.requests.find((r) => !r.body.stream);
    expect(grading).toBeDefined();

    // Session B's follow-up call starts while that grade is still running.
    interviewerReplies.push(followUpStream());
    const b = await begin(app, { questionIds: [question.id], maxFollowups: 1 });
    const res = await app.request(`/api/sessions/${b.session.id}/answers`, {
      method: "POST",
      token: b.token,
      json: { turnId: b.session.current!.turnId, text: vague },
    });
    const body = (await res.json()) as AnswerAcceptedT;
    expect(body.decision.interviewer).toMatch(/^llm@/);
    const followup = llm.requests.find((r) => r.body.stream);
    // Sharing the grading slot, it would start only once the grade returned (about gradingMs later).
    expect(followup!.at - grading!.at).toBeLessThan(gradingMs / 2);
  });
});
