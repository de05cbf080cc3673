import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScriptedSpeech, startScriptedSpeech } from "../support/scripted-speech.ts";
import { makeAnswerWav } from "./support/audio.ts";
import { capture, keepEvidence, poll, waitForGrades } from "./support/flow.ts";

import { type E2EServer, launchChromium, startServer, watchPage } from "./support/harness.ts";

/** What the scripted endpoint "hears": about as many words as fit the recording at a normal pace. */
const SPOKEN = "Um, I would start from the data, you know, and check for leakage.";

const FAKE_MIC = ["--use-fake-device-for-media-stream"];
let wav: string;
let speech: ScriptedSpeech;
let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  wav = join(mkdtempSync(join(tmpdir(), "mockloop-e2e-")), "answer.wav");
  makeAnswerWav(wav, "Overfitting is when the model memorises the training data and fails to generalise.");
  speech = await startScriptedSpeech({ transcriptions: [{ kind: "text", text: SPOKEN }] });
  server = await startServer({
    MAX_FOLLOWUPS: "0",
    MOCKLOOP_SPEECH_BASE_URL: speech.url,
    MOCKLOOP_TRANSCRIBE_MODEL: "whisper-scripted",
    MOCKLOOP_TTS_MODEL: "tts-scripted",
  });
  browser = await launchChromium([
    ...FAKE_MIC,
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-audio-capture=${wav}`,
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await speech?.close();
});

/** Starts a one-question spoken fundamentals interview from the start page. */
async function startSpoken(page: Page, baseUrl: string, opts: { keepAudio?: boolean; shot?: string } = {}) {
  await page.goto(baseUrl);
  await page.getByRole("radio", { name: /ML fundamentals round/ }).check();
  await page.getByRole("spinbutton", { name: "Length" }).fill("1");
  await page.getByRole("radio", { name: /^Spoken/ }).check();
  if (opts.keepAudio) await page.getByRole("checkbox", { name: /Keep my recordings/ }).check();
  if (opts.shot) await capture(page, opts.shot);
  await page.getByRole("button", { name: "Start interview" }).click();
  await page.waitForURL(/\/interview\//);
  await page.locator(".question-text").waitFor();
}

describe("a spoken interview in the browser", () => {
  it("records from the fake microphone, transcribes on the server, lets the candidate edit, and shows delivery", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    keepEvidence(page, "spoken-interview-1");
    const watch = watchPage(page);
    await page.goto(server.url);
    await page.getByRole("radio", { name: /^Spoken/ }).check();
    await poll(() => page.locator(".spoken-options .notice").textContent()).toMatch(
      /transcribed by this server \(whisper-scripted\)/,
    );
    await poll(() => page.locator(".spoken-options .notice").textContent()).toMatch(/read aloud by the server's voice/);
    await startSpoken(page, server.url, { keepAudio: true, shot: "10-start-spoken" });
    const question = (await page.locator(".question-text").textContent()) ?? "";
    // The question goes to the configured text-to-speech endpoint as soon as it appears.
    await poll(() => speech.requests.find((r) => r.path === "/v1/audio/speech")?.json).toMatchObject({
      model: "tts-scripted",
      input: question.trim(),
    });
    await page.getByRole("button", { name: "Read aloud" }).waitFor();

    await page.getByRole("button", { name: "Start recording" }).click();
    await page.getByRole("button", { name: "Stop recording" }).waitFor();
    await page.waitForTimeout(5000);
    await capture(page, "11-interview-recording");
    await page.getByRole("button", { name: "Stop recording" }).click();
    const box = page.getByRole("textbox", { name: /Your answer \(transcript/ });
    await poll(() => box.inputValue()).toBe(SPOKEN);

    const upload = speech.requests.find((r) => r.path === "/v1/audio/transcriptions");
    expect(upload?.fields.model).toBe("whisper-scripted");
    expect(upload?.fields.prompt).toBe(question.trim());
    expect(upload?.file?.type).toMatch(/^audio\/webm/);
    expect(upload?.file?.size).toBeGreaterThan(1000);
    // A real WebM file from MediaRecorder starts with the EBML magic number.
    expect(Buffer.from(upload?.file?.bytes.slice(0, 4) ?? []).toString("hex")).toBe("1a45dfa3");
    await capture(page, "12-interview-transcript-review");

    await box.fill(`${SPOKEN} Then I would time-split.`);
    await page.getByRole("button", { name: "Submit answer" }).click();
    await page.waitForURL(/\/feedback\//);
    await waitForGrades(page);
    const delivery = page.locator(".delivery");
    await delivery.waitFor();
    // 18 words in a little over five seconds of recording.
    const wpm = Number(await delivery.locator(".metric").first().textContent());
    expect(wpm).toBeGreaterThan(150);
    expect(wpm).toBeLessThan(260);
    const fillers = await delivery.locator(".filler-list li").allTextContents();
    expect(fillers.join(" ")).toMatch(/“um”/);
    expect(fillers.join(" ")).toMatch(/“you know”/);
    expect(await page.locator(".your-words").first().textContent()).toContain("Then I would time-split.");

    await page.getByRole("button", { name: /Play your recording/ }).click();
    await page.locator(".clip audio").waitFor();
    await capture(page, "13-feedback-spoken");
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("explains a refused microphone and still takes a typed answer", async () => {
    // Without the fake-UI flag, headless Chromium refuses the permission prompt.
    const refusing = await launchChromium([...FAKE_MIC, `--use-file-for-fake-audio-capture=${wav}`]);
    try {
      const page = await refusing.newPage({ viewport: { width: 1280, height: 900 } });

      keepEvidence(page, "spoken-interview-2");
      await startSpoken(page, server.url);
      await page.getByRole("button", { name: "Start recording" }).click();
      await page.getByText(/Microphone access was refused/).waitFor();
      await capture(page, "14-interview-mic-refused");
      await page
        .getByRole("textbox", { name: /Your answer/ })
        .fill("Overfitting means the model fits noise in the training data.");
      await page.getByRole("button", { name: "Submit answer" }).click();
      await page.waitForURL(/\/feedback\//);
      await waitForGrades(page);
      expect(await page.locator(".delivery").count()).toBe(0);
    } finally {
      await refusing.close();
    }
  });
});
