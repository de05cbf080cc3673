import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProblemT, SessionViewT } from "../../src/api/schemas.ts";
import { turns } from "../../src/db/schema.ts";
import { createLogger } from "../../src/log.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

/** Every log line the app writes, parsed. */
const lines: string[] = [];
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp({}, {}, undefined, { logger: createLogger("debug", {}, (line) => lines.push(line)) });
  token = await t.candidate();
});
afterAll(async () => {
  await t.close();
});

async function problem(res: Response, status: number, code: string): Promise<ProblemT> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as ProblemT;
  expect(body.code).toBe(code);
  return body;
}

async function openSession(): Promise<SessionViewT> {
  const res = await t.request("/api/sessions", { method: "POST", token, json: { questionIds: ["overfitting"] } });
  expect(res.status).toBe(201);
  return (await res.json()) as SessionViewT;
}

const answer = (s: SessionViewT, text: string) =>
  t.request(`/api/sessions/${s.id}/answers`, { method: "POST", token, json: { turnId: s.current?.turnId, text } });

describe("bad answers get a 400 naming the field, never a 500", () => {
  const SECRET = "my-secret-answer-words";

  it.each([
    ["a NUL character", `Overfitting ${SECRET}\u0000 is memorising noise.`, /U\+0000 at character 35/],
    ["another control character", `Bias\u0007 ${SECRET}`, /U\+0007/],
    ["only zero-width characters", "\u200B\u200B\u200C\u200D\uFEFF\u2060", /only invisible characters/],
    ["zero-width characters and spaces", " \u200B \n\u200B ", /only invisible characters/],
    ["a lone surrogate", `Variance \uD800 ${SECRET}`, /lone surrogate/],
  ])("%s", async (_what, text, message) => {
    const s = await openSession();
    const p = await problem(await answer(s, text), 400, "validation_failed");
    expect(p.field).toBe("text");
    expect(p.detail).toMatch(message);
    const view = (await (await t.request(`/api/sessions/${s.id}`, { token })).json()) as SessionViewT;
    expect(view.current?.turnId).toBe(s.current?.turnId);
    expect(view.transcript[0]?.answer).toBeNull();
  });

  it("still takes tabs, line breaks, emoji and text with a zero-width joiner in it", async () => {
    const s = await openSession();
    const res = await answer(s, "Overfitting:\n\t- memorises noise 👩‍💻\r\n- fix with L2");
    expect(res.status).toBe(200);
  });

  it("never writes the answer text to the log, even when the database refuses it", async () => {
    // What used to happen: the answer reached the database, which refused the NUL, and the
    // driver's error (with the query parameters) was logged. Provoke that refusal for real.
    const s = await openSession();
    let dbError: unknown;
    try {
      await t.database.db.insert(turns).values({
        sessionId: s.id,
        seq: 99,
        questionIndex: 0,
        questionId: "overfitting",
        kind: "question",
        prompt: "p",
        interviewer: "bank",
        answer: `${SECRET}\u0000tail`,
      });
    } catch (err) {
      dbError = err;
    }
    expect(dbError).toBeInstanceOf(Error);
    expect(String((dbError as Error).message)).toContain(SECRET); // the driver does carry it
    t.services.logger.error("unhandled error", { err: dbError });
    const line = lines.at(-1) as string;
    expect(JSON.parse(line)).toMatchObject({ level: 50, msg: "unhandled error", err: { type: expect.any(String) } });
    expect(line).toMatch(/Failed query: insert into .*turns/);
    expect(lines.join("\n")).not.toContain(SECRET);
  });
});

describe("other bad input", () => {
  it("refuses 20 copies of one question id, naming the first repeat", async () => {
    const res = await t.request("/api/sessions", {
      method: "POST",
      token,
      json: { questionIds: Array.from({ length: 20 }, () => "overfitting") },
    });
    const p = await problem(res, 400, "validation_failed");
    expect(p.field).toBe("questionIds[1]");
    expect(p.errors).toHaveLength(19);
    expect(p.detail).toMatch(/repeats "overfitting" \(already at \[0\]\)/);
  });

  it("takes audio only with an allowed content type, and serves back the clean type", async () => {
    const s = await openSession();
    const upload = (type: string) =>
      t.request(`/api/speech/clips?sessionId=${s.id}&turnId=${s.current?.turnId}`, {
        method: "POST",
        token,
        headers: { "content-type": type },
        body: new Uint8Array(800).fill(1),
      });
    for (const bad of ["audio/x;text/html", "audio/webm;charset=utf-8", "text/html", "audio/svg+xml", "audio/"]) {
      const p = await problem(await upload(bad), 415, "unsupported_media_type");
      expect(p.field).toBe("Content-Type");
    }
    const list = await (await t.request(`/api/speech/clips?sessionId=${s.id}`, { token })).json();
    expect(list.clips).toEqual([]);
    const ok = await upload('Audio/WebM; codecs="opus"');
    expect(ok.status).toBe(201);
    const { id } = (await ok.json()) as { id: string };
    const played = await t.request(`/api/speech/clips/${id}`, { token });
    expect(played.headers.get("content-type")).toBe("audio/webm;codecs=opus");
    expect(played.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("wrong methods", () => {
  it.each([
    ["DELETE", "/api/candidates", "POST"],
    ["GET", "/api/candidates", "POST"],
    ["PUT", `/api/sessions/${crypto.randomUUID()}`, "DELETE, GET, HEAD"],
    ["GET", `/api/sessions/${crypto.randomUUID()}/answers`, "POST"],
    ["POST", "/api/health", "GET, HEAD"],
    ["PATCH", "/api/me", "DELETE, GET, HEAD"],
  ])("%s %s -> 405 with Allow: %s", async (method, path, allow) => {
    const res = await t.request(path, { method, token });
    const p = await problem(res, 405, "method_not_allowed");
    expect(res.headers.get("allow")).toBe(allow);
    expect(p.detail).toContain(allow);
  });

  it("still answers 404 for a path no method serves", async () => {
    const res = await t.request("/api/nothing-here", { method: "POST" });
    await problem(res, 404, "not_found");
    expect(res.headers.get("allow")).toBeNull();
  });
});

describe("security headers", () => {
  it.each([
    ["/api/health", 200],
    ["/api/nothing-here", 404],
    ["/api/sessions", 401],
    ["/openapi.json", 200],
    ["/docs", 200],
    ["/docs/assets/init.js", 200],
  ])("%s", async (path, status) => {
    const res = await t.request(path);
    expect(res.status).toBe(status);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("permissions-policy")).toContain("microphone=(self)");
  });
});

describe("logs", () => {
  it("are pino lines with numeric levels and the request id", async () => {
    lines.length = 0;
    await t.request("/api/health", { headers: { "x-request-id": "req-42" } });
    const request = logged().find((l) => l.msg === "request");
    expect(request).toMatchObject({ level: 30, requestId: "req-42", method: "GET", path: "/api/health", status: 200 });
    expect(typeof request?.time).toBe("number");
    expect(request?.pid).toBe(process.pid);
  });
});
