import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ScriptedSpeech, startScriptedSpeech } from "../support/scripted-speech.ts";
import { makeAnswerWav } from "./support/audio.ts";
import { capture, keepEvidence, poll } from "./support/flow.ts";
import { launchChromium, startServer, useServerAndBrowser, watchPage } from "./support/harness.ts";

/** Headless Chromium: a speech recognition interface with no service behind it, and no voices. */
const offline = useServerAndBrowser({ MAX_FOLLOWUPS: "0" });

describe("spoken mode says what works before the candidate picks it", () => {
  it("without server transcription, headless Chromium is told spoken answers can't work here, and why", async () => {
    const page = await offline.browser.newPage({ viewport: { width: 1280, height: 900 } });
    keepEvidence(page, "spoken-mode-unavailable");
    const watch = watchPage(page);
    // A spoken choice saved from an earlier visit must not survive on a browser that can't do it.
    await page.goto(offline.server.url);
    await page.evaluate(() => localStorage.setItem("mockloop.startChoices", JSON.stringify({ mode: "spoken" })));
    await page.reload();
    const spoken = page.getByRole("radio", { name: /^Spoken/ });
    await poll(() => spoken.isDisabled()).toBe(true);
    await poll(() => page.getByRole("radio", { name: /^Typed/ }).isChecked()).toBe(true);
    expect(await spoken.isChecked()).toBe(false);
    const why = page.locator("#spoken-unavailable");
    await poll(() => why.textContent()).toMatch(
      /Spoken answers can't work here: This server has no transcription model, and this browser's speech recognition has no speech service behind it/,
    );
    expect(await spoken.getAttribute("aria-describedby")).toBe("spoken-unavailable");
    expect(await page.getByRole("checkbox", { name: /Keep my recordings/ }).count()).toBe(0);
    expect(await page.getByText(/transcribed live/).count()).toBe(0);
    await capture(page, "40-start-spoken-unavailable");
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("a spoken interview opened in such a browser offers typing, not a recorder that fails at once", async () => {
    const page = await offline.browser.newPage({ viewport: { width: 1280, height: 900 } });
    keepEvidence(page, "spoken-mode-room");
    await page.goto(offline.server.url);
    // Started elsewhere (another browser, or the API): this browser can't record it.
    const id = await page.evaluate(async () => {
      const { token } = (await (await fetch("/api/candidates", { method: "POST" })).json()) as { token: string };
      localStorage.setItem("mockloop.token", token);
      const res = await fetch("/api/sessions", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ questionCount: 1, mode: "spoken" }),
      });
      return ((await res.json()) as { id: string }).id;
    });
    await page.goto(`${offline.server.url}/interview/${id}`);
    await page.locator(".question-text").waitFor();
    await page.getByText(/Spoken answers can't be recorded here: .*Type your answer below instead/).waitFor();
    expect(await page.getByRole("button", { name: /recording/i }).count()).toBe(0);
    await page.getByText("This browser can't read questions aloud.").waitFor();
    await capture(page, "41-interview-spoken-unavailable");
    await page.getByRole("textbox", { name: "Your answer" }).fill("I would compare training and validation loss.");
    await page.keyboard.press("Control+Enter");
    await page.waitForURL(/\/feedback\//);
    await page.close();
  });

  it("with the server's transcription on, offers it with kept recordings, and it works", async () => {
    const wav = join(mkdtempSync(join(tmpdir(), "mockloop-e2e-")), "answer.wav");
    makeAnswerWav(wav, "I would check for leakage first.");
    const heard = "I would check for leakage first, then split by time.";
    let speech: ScriptedSpeech | null = null;
    let server: Awaited<ReturnType<typeof startServer>> | null = null;
    const browser = await launchChromium([
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-audio-capture=${wav}`,
    ]);
    try {
      speech = await startScriptedSpeech({ transcriptions: [{ kind: "text", text: heard }] });
      server = await startServer({
        MAX_FOLLOWUPS: "0",
        MOCKLOOP_SPEECH_BASE_URL: speech.url,
        MOCKLOOP_TRANSCRIBE_MODEL: "whisper-scripted",
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      keepEvidence(page, "spoken-mode-server");
      await page.goto(server.url);
      const spoken = page.getByRole("radio", { name: /^Spoken/ });
      await poll(() => spoken.isEnabled()).toBe(true);
      await spoken.check();
      const options = page.locator(".spoken-options .notice");
      await poll(() => options.textContent()).toMatch(/transcribed by this server \(whisper-scripted\)/);
      // No server voice and none in headless Chromium: the page says so rather than offering to read aloud.
      await poll(() => options.textContent()).toMatch(/can't read questions aloud/);
      expect(await page.getByRole("checkbox", { name: /Read each question aloud/ }).count()).toBe(0);
      await page.getByRole("checkbox", { name: /Keep my recordings/ }).check();
      await page.getByRole("spinbutton", { name: "Length" }).fill("1");
      await capture(page, "42-start-spoken-server");
      await page.getByRole("button", { name: "Start interview" }).click();
      await page.locator(".question-text").waitFor();

      await page.getByRole("button", { name: "Start recording" }).click();
      // Speak for a second, as a candidate would: on a loaded machine a click straight after
      // starting can stop the recorder before it has produced any audio.
      await poll(() => page.getByRole("timer", { name: "Recording time" }).textContent()).toMatch(/^00:0[1-9]$/);
      await page.getByRole("button", { name: "Stop recording" }).click();
      const box = page.getByRole("textbox", { name: /Your answer \(transcript/ });
      await poll(async () =>
        (await page.locator(".record-error").count()) > 0
          ? await page.locator(".record-error").textContent()
          : box.inputValue(),
      ).toBe(heard);
      const upload = speech.requests.find((r) => r.path === "/v1/audio/transcriptions");
      expect(upload?.fields.model).toBe("whisper-scripted");
      await capture(page, "43-interview-spoken-server");
      await page.close();
    } finally {
      await browser.close();
      await server?.close();
      await speech?.close();
    }
  });
});
