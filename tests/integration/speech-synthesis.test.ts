import { afterEach, describe, expect, it } from "vitest";
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

const MP3 = new Uint8Array([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x21]);

describe("text-to-speech", () => {
  it("is unavailable (501) when no model is configured, so the browser reads aloud instead", async () => {
    t = await startTestApp();
    const token = await t.candidate();
    const res = await t.request("/api/speech/synthesis", { method: "POST", token, json: { text: "Hello" } });
    expect(res.status).toBe(501);
    expect((await res.json()).code).toBe("feature_unavailable");
  });

  it("reads text through the configured endpoint with the configured voice", async () => {
    speech = await startScriptedSpeech({ speech: [{ kind: "audio", bytes: MP3, contentType: "audio/mpeg" }] });
    t = await startTestApp(
      {},
      { OPENAI_BASE_URL: speech.url, MOCKLOOP_TTS_MODEL: "tts-test", MOCKLOOP_TTS_VOICE: "sage" },
    );
    const caps = await (await t.request("/api/speech/capabilities")).json();
    expect(caps.tts).toEqual({ available: true, model: "tts-test", voice: "sage" });
    expect(caps.transcription.available).toBe(false);
    const token = await t.candidate();
    const res = await t.request("/api/speech/synthesis", {
      method: "POST",
      token,
      json: { text: "What is overfitting?" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/mpeg");
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(MP3))).toBe(true);
    expect(speech.requests[0]?.json).toMatchObject({ model: "tts-test", voice: "sage", input: "What is overfitting?" });
  });

  it("validates the text and needs a token", async () => {
    speech = await startScriptedSpeech();
    t = await startTestApp({}, { OPENAI_BASE_URL: speech.url, MOCKLOOP_TTS_MODEL: "tts-test" });
    const token = await t.candidate();
    const empty = await t.request("/api/speech/synthesis", { method: "POST", token, json: { text: "  " } });
    expect(empty.status).toBe(400);
    expect((await empty.json()).field).toBe("text");
    const long = await t.request("/api/speech/synthesis", { method: "POST", token, json: { text: "a".repeat(4001) } });
    expect((await long.json()).field).toBe("text");
    const anon = await t.request("/api/speech/synthesis", { method: "POST", json: { text: "Hi" } });
    expect(anon.status).toBe(401);
    expect(speech.requests).toHaveLength(0);
  });

  it("reports a failing endpoint as a 502, and a non-audio reply too", async () => {
    speech = await startScriptedSpeech({
      speech: [
        { kind: "status", status: 503 },
        { kind: "status", status: 503 },
        { kind: "audio", bytes: new TextEncoder().encode("<html>"), contentType: "text/html" },
      ],
    });
    t = await startTestApp({}, { OPENAI_BASE_URL: speech.url, MOCKLOOP_TTS_MODEL: "tts-test" });
    const token = await t.candidate();
    const failed = await t.request("/api/speech/synthesis", { method: "POST", token, json: { text: "Hi" } });
    expect(failed.status).toBe(502);
    expect((await failed.json()).detail).toMatch(/HTTP 503/);
    const wrong = await t.request("/api/speech/synthesis", { method: "POST", token, json: { text: "Hi" } });
    expect(wrong.status).toBe(502);
    expect((await wrong.json()).detail).toMatch(/text\/html instead of audio/);
  });
});
