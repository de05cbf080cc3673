import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerAcceptedT, ProblemT, SessionViewT } from "../../src/api/schemas.ts";
import { MAX_ANSWER_CHARS, MAX_BODY_BYTES } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let token: string;
let other: string;

beforeAll(async () => {
  t = await startTestApp();
  token = await t.candidate();
  other = await t.candidate();
});
afterAll(async () => {
  await t.close();
});

async function problem(res: Response, status: number, code: string): Promise<ProblemT> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as ProblemT;
  expect(body.code).toBe(code);
  expect(body.detail.length).toBeGreaterThan(10);
  expect(body.requestId).toBeTruthy();
  return body;
}

async function newSession(json: unknown = { preset: "quick-practice" }): Promise<SessionViewT> {
  const res = await t.request("/api/sessions", { method: "POST", token, json });
  expect(res.status).toBe(201);
  return (await res.json()) as SessionViewT;
}

describe("authentication and isolation", () => {
  it("rejects missing and unknown tokens", async () => {
    await problem(await t.request("/api/sessions"), 401, "unauthorized");
    await problem(await t.request("/api/sessions", { token: "ml_nope" }), 401, "unauthorized");
  });

  it("hides one candidate's session from every other token", async () => {
    const s = await newSession();
    for (const path of [`/api/sessions/${s.id}`, `/api/sessions/${s.id}/scorecard`]) {
      await problem(await t.request(path, { token: other }), 404, "not_found");
    }
    const answer = await t.request(`/api/sessions/${s.id}/answers`, {
      method: "POST",
      token: other,
      json: { turnId: s.current?.turnId, text: "hello" },
    });
    await problem(answer, 404, "not_found");
    await problem(await t.request(`/api/sessions/${s.id}/end`, { method: "POST", token: other }), 404, "not_found");
    const history = (await (await t.request("/api/sessions", { token: other })).json()) as { sessions: unknown[] };
    expect(history.sessions).toEqual([]);
    // The owner still sees it, untouched.
    const mine = (await (await t.request(`/api/sessions/${s.id}`, { token })).json()) as SessionViewT;
    expect(mine.transcript[0]?.status).toBe("open");
  });
});

describe("validation names the field", () => {
  it.each([
    [{ preset: "nope" }, "preset"],
    [{ rounds: ["ml-fundamentals", "astrology"] }, "rounds[1]"],
    [{ questionCount: 0 }, "questionCount"],
    [{ mode: "telepathy" }, "mode"],
    [{ role: "astronaut" }, "role"],
    [{ preset: "quick-practice", rounds: ["coding"] }, "rounds"],
    [{ questionIds: ["overfitting", "no-such-question"] }, "questionIds[1]"],
    [{ preset: "quick-practice", colour: "blue" }, "colour"],
  ])("session body %j -> field %s", async (json, field) => {
    const body = await problem(
      await t.request("/api/sessions", { method: "POST", token, json }),
      400,
      "validation_failed",
    );
    expect(body.field).toBe(field);
  });

  it("rejects malformed JSON, wrong content type and a bad id", async () => {
    const bad = await t.request("/api/sessions", {
      method: "POST",
      token,
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    await problem(bad, 400, "invalid_json");
    const text = await t.request("/api/sessions", {
      method: "POST",
      token,
      body: "hi",
      headers: { "content-type": "text/plain" },
    });
    await problem(text, 415, "unsupported_media_type");
    const id = await problem(await t.request("/api/sessions/not-a-uuid", { token }), 400, "validation_failed");
    expect(id.field).toBe("id");
    await problem(await t.request(`/api/sessions/${crypto.randomUUID()}`, { token }), 404, "not_found");
    await problem(await t.request("/api/nothing-here"), 404, "not_found");
  });

  it("limits answer and body size", async () => {
    const s = await newSession();
    const long = await t.request(`/api/sessions/${s.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: s.current?.turnId, text: "x".repeat(MAX_ANSWER_CHARS + 1) },
    });
    expect((await problem(long, 400, "validation_failed")).field).toBe("text");
    const huge = await t.request(`/api/sessions/${s.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: s.current?.turnId, text: "y".repeat(MAX_BODY_BYTES + 10) },
    });
    await problem(huge, 413, "payload_too_large");
    const empty = await t.request(`/api/sessions/${s.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: s.current?.turnId, text: "   " },
    });
    expect((await problem(empty, 400, "validation_failed")).field).toBe("text");
    const missing = await t.request(`/api/sessions/${s.id}/answers`, { method: "POST", token, json: { text: "hi" } });
    expect((await problem(missing, 400, "validation_failed")).field).toBe("turnId");
    // None of the rejected requests touched the open prompt.
    const after = (await (await t.request(`/api/sessions/${s.id}`, { token })).json()) as SessionViewT;
    expect(after.current?.turnId).toBe(s.current?.turnId);
  });
});

describe("state and duplicates", () => {
  it("refuses a second answer to the same prompt, and replays an idempotent retry", async () => {
    const s = await newSession({ questionIds: ["overfitting"], maxFollowups: 1 });
    const turnId = s.current?.turnId;
    const send = (text: string, key?: string) =>
      t.request(`/api/sessions/${s.id}/answers`, {
        method: "POST",
        token,
        json: { turnId, text },
        headers: key ? { "idempotency-key": key } : {},
      });
    const first = await send("It memorises noise in the training data.", "key-1");
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as AnswerAcceptedT;
    expect(firstBody.replayed).toBe(false);
    const replay = await send("It memorises noise in the training data.", "key-1");
    expect(replay.status).toBe(200);
    const replayBody = (await replay.json()) as AnswerAcceptedT;
    expect(replayBody.replayed).toBe(true);
    expect(replayBody.next?.turnId).toBe(firstBody.next?.turnId);
    await problem(await send("A different answer", "key-1"), 422, "idempotency_key_reused");
    await problem(await send("Again without a key"), 409, "turn_already_answered");
    const view = (await (await t.request(`/api/sessions/${s.id}`, { token })).json()) as SessionViewT;
    expect(view.transcript.filter((x) => x.status === "answered")).toHaveLength(1);
    expect(view.transcript[0]?.answer).toBe("It memorises noise in the training data.");
  });

  it("accepts exactly one of two simultaneous answers to the same prompt", async () => {
    const s = await newSession({ questionIds: ["overfitting"], maxFollowups: 1 });
    const send = (text: string) =>
      t.request(`/api/sessions/${s.id}/answers`, { method: "POST", token, json: { turnId: s.current?.turnId, text } });
    const results = await Promise.all([send("first racer"), send("second racer")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const view = (await (await t.request(`/api/sessions/${s.id}`, { token })).json()) as SessionViewT;
    expect(view.transcript.filter((x) => x.kind === "followup")).toHaveLength(1);
    expect(["first racer", "second racer"]).toContain(view.transcript[0]?.answer);
  });

  it("refuses answers after the session ended, keeping what was answered", async () => {
    const s = await newSession({ preset: "fundamentals-round", questionCount: 2 });
    const ok = await t.request(`/api/sessions/${s.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: s.current?.turnId, text: "My answer before ending." },
    });
    const next = ((await ok.json()) as AnswerAcceptedT).next;
    const ended = await t.request(`/api/sessions/${s.id}/end`, { method: "POST", token });
    expect(ended.status).toBe(200);
    expect(((await ended.json()) as SessionViewT).status).toBe("ended");
    const late = await t.request(`/api/sessions/${s.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: next?.turnId, text: "too late" },
    });
    await problem(late, 409, "session_not_active");
    await problem(await t.request(`/api/sessions/${s.id}/end`, { method: "POST", token }), 409, "session_not_active");
    const view = (await (await t.request(`/api/sessions/${s.id}`, { token })).json()) as SessionViewT;
    expect(view.transcript[0]?.answer).toBe("My answer before ending.");
  });
});

describe("meta", () => {
  it("serves an OpenAPI document built from the request schemas and a reference page", async () => {
    const doc = (await (await t.request("/openapi.json")).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/sessions", "/api/sessions/{id}/answers"]));
    expect(doc.components.schemas.SubmitAnswer).toBeDefined();
    const page = await t.request("/docs");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/docs/assets/init.js");
    expect(await (await t.request("/docs/assets/init.js")).text()).toContain("/openapi.json");
    expect((await t.request("/docs/assets/swagger-ui-bundle.js")).status).toBe(200);
  });

  it("reports the offline grader plainly in health", async () => {
    const h = (await (await t.request("/api/health")).json()) as { grader: { id: string; mode: string } };
    expect(h.grader.id).toBe("offline");
    expect(h.grader.mode).toMatch(/offline/);
  });

  it("echoes a request id", async () => {
    const res = await t.request("/api/health", { headers: { "x-request-id": "abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
  });
});
