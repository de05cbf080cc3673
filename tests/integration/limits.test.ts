import { afterEach, describe, expect, it } from "vitest";
import type { ProblemT, SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** An app whose limits count with a clock the test moves. */
async function limitedApp(env: Record<string, string>) {
  const clock = { now: Date.parse("2026-01-01T10:00:00Z") };
  t = await startTestApp({}, { MOCKLOOP_TRUST_PROXY: "true", ...env }, undefined, { app: { now: () => clock.now } });
  return { app: t, clock };
}

async function expect429(res: Response, code = "rate_limited"): Promise<number> {
  expect(res.status).toBe(429);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const p = (await res.json()) as ProblemT;
  expect(p.code).toBe(code);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(p.retryAfterSeconds).toBe(retryAfter);
  expect(p.detail).toContain(`${retryAfter} s`);
  return retryAfter;
}

const from = (ip: string) => ({ "x-forwarded-for": `${ip}, 10.0.0.1` });

describe("per-address limits", () => {
  it("limits candidate creation per address, then recovers when the window passes", async () => {
    const { app, clock } = await limitedApp({ MOCKLOOP_LIMIT_CANDIDATES: "3/1m" });
    const create = (ip: string) => app.request("/api/candidates", { method: "POST", headers: from(ip) });
    for (let i = 0; i < 3; i++) expect((await create("203.0.113.5")).status).toBe(201);
    clock.now += 15_000;
    const retryAfter = await expect429(await create("203.0.113.5"));
    expect(retryAfter).toBe(45);
    expect((await create("198.51.100.7")).status).toBe(201); // another address is not affected
    clock.now += 44_000;
    await expect429(await create("203.0.113.5"));
    clock.now += 1_000;
    expect((await create("203.0.113.5")).status).toBe(201);
  });

  it("slows down wrong tokens from one address, even a right one after, until the window passes", async () => {
    const { app, clock } = await limitedApp({ MOCKLOOP_LIMIT_FAILED_AUTH: "3/10m" });
    const good = ((await (await app.request("/api/candidates", { method: "POST" })).json()) as { token: string }).token;
    const get = (tok: string | undefined, ip = "203.0.113.9") =>
      app.request("/api/sessions", { token: tok, headers: from(ip) });
    expect((await get(good)).status).toBe(200); // successes do not count
    expect((await get("ml_wrong1")).status).toBe(401);
    expect((await get(undefined)).status).toBe(401);
    expect((await get("ml_wrong2")).status).toBe(401);
    await expect429(await get("ml_wrong3"));
    await expect429(await get(good));
    expect((await get(good, "198.51.100.1")).status).toBe(200);
    clock.now += 10 * 60_000;
    expect((await get(good)).status).toBe(200);
  });
});

describe("per-token limits", () => {
  async function session(app: TestApp, token: string) {
    const res = await app.request("/api/sessions", {
      method: "POST",
      token,
      json: { preset: "fundamentals-round", questionCount: 5, maxFollowups: 0 },
    });
    return (await res.json()) as SessionViewT;
  }

  it("limits answers (and skips) per token, then recovers", async () => {
    const { app, clock } = await limitedApp({ MOCKLOOP_LIMIT_ANSWERS: "2/1m" });
    const token = await app.candidate();
    const other = await app.candidate();
    const s = await session(app, token);
    const first = await app.request(`/api/sessions/${s.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: s.current?.turnId, text: "Overfitting is memorising noise in the training data." },
    });
    expect(first.status).toBe(200);
    const next = ((await first.json()) as { next: { turnId: string } }).next;
    expect(
      (await app.request(`/api/sessions/${s.id}/skip`, { method: "POST", token, json: { turnId: next.turnId } }))
        .status,
    ).toBe(200);
    const view = (await (await app.request(`/api/sessions/${s.id}`, { token })).json()) as SessionViewT;
    const third = () =>
      app.request(`/api/sessions/${s.id}/answers`, {
        method: "POST",
        token,
        json: { turnId: view.current?.turnId, text: "A third answer inside the minute." },
      });
    await expect429(await third());
    // Reading is not limited, and another token has its own allowance.
    expect((await app.request(`/api/sessions/${s.id}`, { token })).status).toBe(200);
    const theirs = await session(app, other);
    const ok = await app.request(`/api/sessions/${theirs.id}/answers`, {
      method: "POST",
      token: other,
      json: { turnId: theirs.current?.turnId, text: "Bias is error from wrong assumptions." },
    });
    expect(ok.status).toBe(200);
    clock.now += 60_000;
    expect((await third()).status).toBe(200);
  });

  it("limits audio uploads per token and audio bytes per candidate", async () => {
    const { app, clock } = await limitedApp({ MOCKLOOP_LIMIT_AUDIO: "3/1m", MOCKLOOP_AUDIO_QUOTA: "4k/1h" });
    const token = await app.candidate();
    const s = await session(app, token);
    const upload = (bytes: number) =>
      app.request(`/api/speech/clips?sessionId=${s.id}&turnId=${s.current?.turnId}`, {
        method: "POST",
        token,
        headers: { "content-type": "audio/ogg" },
        body: new Uint8Array(bytes).fill(3),
      });
    expect((await upload(1500)).status).toBe(201);
    expect((await upload(1500)).status).toBe(201);
    // 3,000 of 4,096 bytes used: a 1,500-byte clip no longer fits, and nothing is stored.
    const quotaRetry = await expect429(await upload(1500), "audio_quota_exceeded");
    expect(quotaRetry).toBe(3600);
    const clips = async () =>
      ((await (await app.request(`/api/speech/clips?sessionId=${s.id}`, { token })).json()) as { clips: unknown[] })
        .clips.length;
    expect(await clips()).toBe(2);
    // That upload still counted against the per-token request limit (3 per minute).
    await expect429(await upload(10));
    clock.now += 60_000;
    expect((await upload(500)).status).toBe(201);
    clock.now += 3_600_000;
    expect((await upload(1500)).status).toBe(201);
    expect(await clips()).toBe(4);
  });
});
