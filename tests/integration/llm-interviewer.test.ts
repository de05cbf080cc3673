import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { AnswerAcceptedT, ScorecardT, SessionViewT } from "../../src/api/schemas.ts";
import { llmCalls, turns } from "../../src/db/schema.ts";
import { ngrams } from "../../src/llm/followup-stream.ts";
import {
  hub,
  type LlmTestApp,
  sampleQuestion,
  scriptedGrade,
  startLlmTestApp,
  useScriptedLlm,
} from "../support/llm-app.ts";
import { fenceNonce, requestText, type ScriptedLlm, type ScriptedReply } from "../support/scripted-llm.ts";
import { answerStreaming, readEvents } from "../support/sse.ts";

let llm: ScriptedLlm;
let t: LlmTestApp | undefined;
/** Interviewer calls stream; grader calls do not. Each gets its own queue. */
const interviewerReplies: ScriptedReply[] = [];
const graderReplies: ScriptedReply[] = [];

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
  graderReplies.length = 0;
});

async function start(extra: Record<string, string> = {}) {
  t = await startLlmTestApp(llm, extra);
  llm.otherwise(
    (req) =>
      (req.body.stream ? interviewerReplies.shift() : graderReplies.shift()) ?? {
        kind: "status",
        status: 500,
        message: "unscripted",
      },
  );
  return t;
}

const question = sampleQuestion();
const second = hub().questions.find((q) => q.id !== question.id && q.round === question.round) ?? hub().questions[1]!;
const target = [...question.keyPoints].sort((a, b) => b.weight - a.weight)[0]!;
const vague = "I would retrain the model and see if the numbers come back.";
const followupText = "Before retraining anything, how would you convince yourself that the drop you see is real?";

const header = (h: Record<string, unknown>) => `${JSON.stringify(h)}\n`;
const followUpStream = (
  text = followupText,
  extra: Partial<Extract<ScriptedReply, { kind: "stream" }>> = {},
): ScriptedReply => ({
  kind: "stream",
  chunks: [
    header({ action: "follow-up", keyPointId: target.id, competencyId: null, reason: "the drop was not verified" }),
    ...text.match(/.{1,9}/g)!,
  ],
  usage: { prompt_tokens: 900, completion_tokens: 40 },
  ...extra,
});
const moveOn = (): ScriptedReply => ({
  kind: "stream",
  chunks: [header({ action: "move-on", keyPointId: null, competencyId: null, reason: "enough evidence" })],
  usage: { prompt_tokens: 800, completion_tokens: 20 },
});

async function begin(app: LlmTestApp, body: Record<string, unknown>) {
  const token = await app.candidate();
  const res = await app.request("/api/sessions", { method: "POST", token, json: body });
  expect(res.status).toBe(201);
  return { token, session: (await res.json()) as SessionViewT };
}

describe("LLM interviewer", () => {
  it("streams a follow-up as it is written and records what it targets; the feedback shows what it drew out", async () => {
    const app = await start();
    const { token, session } = await begin(app, { questionIds: [question.id], maxFollowups: 2 });
    interviewerReplies.push(followUpStream(followupText, { chunkDelayMs: 40 }));

    const res = await answerStreaming(app, token, session.id, session.current!.turnId, vague);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const events = await readEvents(res);
    const deltas = events.filter((e) => e.event === "delta");
    const result = events.at(-1)!;
    expect(result.event).toBe("result");
    const body = result.data as AnswerAcceptedT;
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => (d.data as { text: string }).text).join("")).toBe(body.next?.text);
    expect(body.next?.text).toBe(followupText);
    // Text reached the client while the model was still writing, not all at the end.
    expect(result.at - deltas[0]!.at).toBeGreaterThan(100);
    expect(body.decision).toMatchObject({ action: "follow-up", interviewer: "llm@llm-interviewer-1.0.0" });
    expect(body.next?.targetKeyPointId).toBe(target.id);

    const [row] = await app.database.db.select().from(turns).where(eq(turns.id, body.next!.turnId));
    expect(row).toMatchObject({
      kind: "followup",
      targetKeyPointId: target.id,
      targetCompetencyId: target.competencies[0],
      interviewerModel: "scripted-interviewer",
      promptVersion: "followup@1.1.0",
    });
    const req = llm.requests[0]!;
    expect(req.body.stream).toBe(true);
    expect(req.body.stream_options?.include_usage).toBe(true);
    expect(requestText(req)).toContain(`<<<ANSWER ${fenceNonce(req)}>>>\n${vague}\n`);
    expect(requestText(req)).not.toContain(question.modelAnswer);
    const calls = await app.database.db
      .select()
      .from(llmCalls)
      .where(and(eq(llmCalls.sessionId, session.id), eq(llmCalls.purpose, "followup")));
    expect(calls).toMatchObject([{ ok: true, inputTokens: 900, outputTokens: 40, model: "scripted-interviewer" }]);

    // The candidate answers the follow-up with the missing point; the model moves on and the grade says
    // the point came out only after the follow-up.
    const drawn = `I would first check this: ${target.explains?.[0] ?? target.text}.`;
    interviewerReplies.push(moveOn());
    graderReplies.push({
      kind: "json",
      value: {
        ...scriptedGrade(question, { level: 2, quotes: [vague], status: "missed" }),
        keyPoints: question.keyPoints.map((k) => ({
          keyPointId: k.id,
          evidence: k.id === target.id ? [drawn] : [],
          status: k.id === target.id ? "covered" : "missed",
        })),
      },
    });
    const last = await app.request(`/api/sessions/${session.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: body.next!.turnId, text: drawn },
    });
    const lastBody = (await last.json()) as AnswerAcceptedT;
    expect(lastBody.decision.action).toBe("move-on");
    expect(lastBody.sessionStatus).toBe("completed");
    await app.services.grading.idle();
    const sc = (await (await app.request(`/api/sessions/${session.id}/scorecard`, { token })).json()) as ScorecardT;
    const kp = sc.answers[0]?.grade?.keyPoints.find((k) => k.keyPointId === target.id);
    expect(kp).toMatchObject({ status: "covered", drawnOutByTurnId: body.next!.turnId });
  });

  it("moves on at the follow-up limit without a model call; the next bank question comes at once", async () => {
    const app = await start();
    const { token, session } = await begin(app, { questionIds: [question.id, second.id], maxFollowups: 0 });
    const res = await answerStreaming(app, token, session.id, session.current!.turnId, vague);
    const events = await readEvents(res);
    expect(events.map((e) => e.event)).toEqual(["result"]);
    expect((events[0]!.data as AnswerAcceptedT).next).toMatchObject({ kind: "question", questionId: second.id });
    expect(llm.requests.filter((r) => r.body.stream)).toHaveLength(0);
  });

  it("stops a follow-up that repeats the model answer and lets the offline interviewer ask instead", async () => {
    const app = await start();
    const { token, session } = await begin(app, { questionIds: [question.id], maxFollowups: 2 });
    const leak = question.modelAnswer.split(/\s+/).slice(0, 14).join(" ");
    interviewerReplies.push(followUpStream(`Think about this: ${leak}. Does that sound right?`));
    const events = await readEvents(await answerStreaming(app, token, session.id, session.current!.turnId, vague));
    const shown = events
      .filter((e) => e.event === "delta")
      .map((e) => (e.data as { text: string }).text)
      .join("");
    const modelAnswerGrams = ngrams(question.modelAnswer);
    expect([...ngrams(shown)].some((g) => modelAnswerGrams.has(g))).toBe(false);
    const body = events.at(-1)!.data as AnswerAcceptedT;
    expect(body.decision.interviewer).toMatch(/^offline@/);
    expect(body.decision.reason).toMatch(/unsafe output: the follow-up repeated the model answer/);
    expect(question.probes.map((p) => p.text)).toContain(body.next?.text);
  });

  it("falls back to the offline interviewer when the model keeps failing, after bounded retries", async () => {
    const app = await start({ LLM_MAX_RETRIES: "1" });
    const { token, session } = await begin(app, { questionIds: [question.id], maxFollowups: 2 });
    interviewerReplies.push(
      { kind: "status", status: 503 },
      { kind: "text", text: "Sure! Here is a great follow-up." },
    );
    const res = await app.request(`/api/sessions/${session.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: session.current!.turnId, text: vague },
    });
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await res.json()) as AnswerAcceptedT;
    expect(llm.requests.filter((r) => r.body.stream)).toHaveLength(2);
    expect(body.decision.interviewer).toMatch(/^offline@/);
    expect(body.decision.reason).toMatch(
      /offline fallback: malformed output: the reply does not start with the decision line \(after 2 attempts\)/,
    );
  });

  it("reports a stream that breaks mid-follow-up without retrying it, and still answers with a prompt", async () => {
    const app = await start();
    const { token, session } = await begin(app, { questionIds: [question.id], maxFollowups: 2 });
    const long = `${followupText} And what would you look at next, once you know it is real, and why that first?`;
    interviewerReplies.push(followUpStream(long, { breakAfter: 14 }));
    const events = await readEvents(await answerStreaming(app, token, session.id, session.current!.turnId, vague));
    const body = events.at(-1)!.data as AnswerAcceptedT;
    expect(events.at(-1)!.event).toBe("result");
    expect(body.decision.reason).toMatch(/the follow-up broke off while streaming/);
    expect(body.next?.kind).toBe("followup");
    expect(llm.requests.filter((r) => r.body.stream)).toHaveLength(1);
  });

  it("answers an early failure with its status and a problem body, not a stream", async () => {
    const app = await start();
    const { token, session } = await begin(app, { questionIds: [question.id], maxFollowups: 2 });
    interviewerReplies.push(moveOn());
    await answerStreaming(app, token, session.id, session.current!.turnId, vague).then(readEvents);
    const again = await answerStreaming(app, token, session.id, session.current!.turnId, vague);
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(((await again.json()) as { code: string }).code).toMatch(/turn_already_answered|session_not_active/);
  });

  it("tells the model why a job description chose the question, so it may phrase follow-ups in that setting", async () => {
    const app = await start();
    const jobDescription = `We need an engineer who knows ${question.patterns.map((p) => p.replace(/-/g, " ")).join(", ")}.`;
    const { token, session } = await begin(app, { questionIds: [question.id], maxFollowups: 1, jobDescription });
    const reason = session.plan[0]?.reason;
    expect(reason).toMatch(/^The description mentions “/);
    interviewerReplies.push(followUpStream());
    await answerStreaming(app, token, session.id, session.current!.turnId, vague).then(readEvents);
    expect(requestText(llm.requests[0]!)).toContain(
      `chosen for the candidate's job description (or "none"):\n${reason}`,
    );

    const plain = await begin(app, { questionIds: [question.id], maxFollowups: 1 });
    interviewerReplies.push(moveOn());
    await answerStreaming(app, plain.token, plain.session.id, plain.session.current!.turnId, vague).then(readEvents);
    expect(requestText(llm.requests.filter((r) => r.body.stream).at(-1)!)).toContain(
      `chosen for the candidate's job description (or "none"):\nnone`,
    );
  });
});
