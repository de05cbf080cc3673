import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { type ScriptedSpeech, startScriptedSpeech } from "../support/scripted-speech.ts";

let t: TestApp | undefined;
let speech: ScriptedSpeech | undefined;
afterEach(async () => {
  await t?.close();
  await speech?.close();
  t = undefined;
  speech = undefined;
});

/** Bytes that stand in for a recording: the server passes them through without decoding. */
const recording = (size = 2048) => new Uint8Array(size).map((_, i) => (i * 37) % 251);

async function withSpeech(env: Record<string, string> = {}, script?: Parameters<typeof startScriptedSpeech>[0]) {
  speech = await startScriptedSpeech(script);
  t = await startTestApp(
    {},
    { MOCKLOOP_SPEECH_BASE_URL: speech.url, MOCKLOOP_TRANSCRIBE_MODEL: "whisper-test", ...env },
  );
  return { app: t, speech };
}

async function spokenSession(app: TestApp) {
  const token = await app.candidate();
  const res = await app.request("/api/sessions", {
    method: "POST",
    token,
    json: { preset: "quick-practice", mode: "spoken" },
  });
  const session = (await res.json()) as SessionViewT;
  return { token, session, turnId: session.current?.turnId as string };
}

function upload(
  app: TestApp,
  token: string,
  query: Record<string, string>,
  body: Uint8Array,
  type = "audio/webm;codecs=opus",
) {
  return app.request(`/api/speech/transcriptions?${new URLSearchParams(query)}`, {
    method: "POST",
    token,
    headers: { "content-type": type },
    body: body as Uint8Array<ArrayBuffer>,
  });
}

/** PGlite returns { rows }, postgres.js an array. */
const rowsOf = (result: unknown): Record<string, unknown>[] =>
  Array.isArray(result) ? result : ((result as { rows: Record<string, unknown>[] }).rows ?? []);

const clipCount = async (app: TestApp) =>
  Number(rowsOf(await app.database.db.execute(sql`select count(*)::int as n from audio_clips`))[0]?.n);

describe("speech capabilities", () => {
  it("reports nothing configured on a default server, and transcription refuses with 501", async () => {
    t = await startTestApp();
    const caps = await (await t.request("/api/speech/capabilities")).json();
    expect(caps).toMatchObject({
      transcription: { available: false },
      tts: { available: false },
      audioStorage: "opt-in",
    });
    const { token, session, turnId } = await spokenSession(t);
    const res = await upload(t, token, { sessionId: session.id, turnId }, recording());
    expect(res.status).toBe(501);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await res.json()).detail).toMatch(/Type your answer/);
  });

  it("reports the configured transcription model", async () => {
    const { app } = await withSpeech();
    const caps = await (await app.request("/api/speech/capabilities")).json();
    expect(caps.transcription).toEqual({ available: true, model: "whisper-test" });
    expect(caps.maxUploadBytes).toBe(10 * 1024 * 1024);
  });
});

describe("server transcription", () => {
  it("sends the recording to the endpoint and keeps no audio by default", async () => {
    const { app, speech } = await withSpeech(
      { MOCKLOOP_SPEECH_API_KEY: "sk-speech" },
      {
        transcriptions: [{ kind: "text", text: "  I would compare training and validation loss.  " }],
      },
    );
    const { token, session, turnId } = await spokenSession(app);
    const body = recording(5000);
    const res = await upload(app, token, { sessionId: session.id, turnId, durationMs: "8000" }, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      text: "I would compare training and validation loss.",
      model: "whisper-test",
      durationMs: 8000,
      audioClipId: null,
    });
    const sent = speech.requests[0];
    expect(sent?.path).toBe("/v1/audio/transcriptions");
    expect(sent?.authorization).toBe("Bearer sk-speech");
    expect(sent?.fields.model).toBe("whisper-test");
    expect(sent?.fields.prompt).toBe(session.current?.text.slice(0, 600));
    expect(sent?.file?.name).toBe("answer.webm");
    expect(sent?.file?.size).toBe(5000);
    expect(Buffer.from(sent?.file?.bytes ?? []).equals(Buffer.from(body))).toBe(true);
    expect(await clipCount(app)).toBe(0);
  });

  it("stores the recording only when the candidate opts in, for that candidate only", async () => {
    const { app } = await withSpeech();
    const { token, session, turnId } = await spokenSession(app);
    const body = recording(3000);
    const res = await upload(
      app,
      token,
      { sessionId: session.id, turnId, durationMs: "4000", keepAudio: "true" },
      body,
    );
    const { audioClipId } = await res.json();
    expect(audioClipId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await clipCount(app)).toBe(1);

    const list = await (await app.request(`/api/speech/clips?sessionId=${session.id}`, { token })).json();
    expect(list.clips).toEqual([
      expect.objectContaining({
        id: audioClipId,
        turnId,
        bytes: 3000,
        durationMs: 4000,
        mimeType: "audio/webm;codecs=opus",
      }),
    ]);
    const audio = await app.request(`/api/speech/clips/${audioClipId}`, { token });
    expect(audio.headers.get("content-type")).toBe("audio/webm;codecs=opus");
    expect(Buffer.from(await audio.arrayBuffer()).equals(Buffer.from(body))).toBe(true);

    const stranger = await app.candidate();
    expect((await app.request(`/api/speech/clips/${audioClipId}`, { token: stranger })).status).toBe(404);
    expect((await app.request(`/api/speech/clips/${audioClipId}`, { method: "DELETE", token: stranger })).status).toBe(
      404,
    );
    expect((await app.request(`/api/speech/clips/${audioClipId}`, { method: "DELETE", token })).status).toBe(204);
    expect(await clipCount(app)).toBe(0);
  });

  it("keeps a browser-recognised answer's recording through /clips", async () => {
    const { app } = await withSpeech();
    const { token, session, turnId } = await spokenSession(app);
    const res = await app.request(`/api/speech/clips?sessionId=${session.id}&turnId=${turnId}&durationMs=1500`, {
      method: "POST",
      token,
      headers: { "content-type": "audio/ogg" },
      body: recording(700),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ bytes: 700, durationMs: 1500, mimeType: "audio/ogg", turnId });
  });

  it("refuses a recording over the limit with a 413 that says what to do", async () => {
    const { app, speech } = await withSpeech({ MOCKLOOP_AUDIO_MAX_BYTES: "4096" });
    const { token, session, turnId } = await spokenSession(app);
    const res = await upload(app, token, { sessionId: session.id, turnId }, recording(5000));
    expect(res.status).toBe(413);
    const p = await res.json();
    expect(p).toMatchObject({ code: "payload_too_large", field: "body" });
    expect(p.detail).toBe(
      "The recording is larger than this server accepts (4 KB). Record a shorter answer, or type it.",
    );
    expect(speech.requests).toHaveLength(0);
  });

  it("accepts a recording larger than the JSON body limit", async () => {
    const { app, speech } = await withSpeech();
    const { token, session, turnId } = await spokenSession(app);
    const res = await upload(app, token, { sessionId: session.id, turnId }, recording(600 * 1024));
    expect(res.status).toBe(200);
    expect(speech.requests[0]?.file?.size).toBe(600 * 1024);
  });

  it("names the field for bad uploads", async () => {
    const { app } = await withSpeech();
    const { token, session, turnId } = await spokenSession(app);
    const notAudio = await upload(app, token, { sessionId: session.id, turnId }, recording(), "text/plain");
    expect(notAudio.status).toBe(415);
    expect((await notAudio.json()).field).toBe("Content-Type");
    const empty = await upload(app, token, { sessionId: session.id, turnId }, new Uint8Array(0));
    expect(empty.status).toBe(400);
    expect((await empty.json()).field).toBe("body");
    const badQuery = await upload(app, token, { sessionId: session.id, turnId: "nope" }, recording());
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).field).toBe("turnId");
    const badKeep = await upload(app, token, { sessionId: session.id, turnId, keepAudio: "maybe" }, recording());
    expect((await badKeep.json()).field).toBe("keepAudio");
    const noToken = await upload(app, "", { sessionId: session.id, turnId }, recording());
    expect(noToken.status).toBe(401);
  });

  it("hides another candidate's session behind a 404", async () => {
    const { app, speech } = await withSpeech();
    const { session, turnId } = await spokenSession(app);
    const stranger = await app.candidate();
    const res = await upload(app, stranger, { sessionId: session.id, turnId }, recording());
    expect(res.status).toBe(404);
    expect(speech.requests).toHaveLength(0);
  });

  it.each([
    ["a 500", { kind: "status", status: 500 } as const, /HTTP 500/],
    ["a 429", { kind: "status", status: 429, headers: { "retry-after": "0" } } as const, /HTTP 429/],
    ["a malformed reply", { kind: "malformed" } as const, /service failed|without a transcript/],
  ])("turns %s from the endpoint into a 502 problem", async (_name, reply, detail) => {
    const { app } = await withSpeech({}, { transcriptions: [reply] });
    const { token, session, turnId } = await spokenSession(app);
    const res = await upload(app, token, { sessionId: session.id, turnId }, recording());
    expect(res.status).toBe(502);
    const p = await res.json();
    expect(p.code).toBe("upstream_unavailable");
    expect(p.detail).toMatch(detail);
    const calls = rowsOf(await app.database.db.execute(sql`select purpose, ok from llm_calls`));
    expect(calls).toEqual([{ purpose: "transcription", ok: false }]);
  });

  it("gives up on a slow endpoint after the configured timeout", async () => {
    const { app } = await withSpeech(
      { MOCKLOOP_SPEECH_TIMEOUT_MS: "200" },
      { transcriptions: [{ kind: "text", text: "late", delayMs: 2000 }] },
    );
    const { token, session, turnId } = await spokenSession(app);
    const res = await upload(app, token, { sessionId: session.id, turnId }, recording());
    expect(res.status).toBe(502);
    expect((await res.json()).detail).toMatch(/did not answer in time/);
  });
});
