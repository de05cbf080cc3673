import { describe, expect, it } from "vitest";
import type { Capabilities } from "../../src/web/api/client.ts";
import type { RecognitionPresence } from "../../src/web/lib/recognition.ts";
import { type BrowserFeatures, speechSupport } from "../../src/web/lib/speechSupport.ts";

function caps(transcription: boolean, tts: boolean): Capabilities {
  return {
    transcription: { available: transcription, model: transcription ? "whisper-1" : null },
    tts: { available: tts, model: tts ? "tts-1" : null, voice: tts ? "alloy" : null },
    maxUploadBytes: 1_000_000,
    audioStorage: "opt-in",
  };
}

const SERVERS: [string, Capabilities | null][] = [
  ["capabilities not loaded", null],
  ["no speech on the server", caps(false, false)],
  ["server transcription only", caps(true, false)],
  ["server voice only", caps(false, true)],
  ["server transcription and voice", caps(true, true)],
];
const PRESENCES: RecognitionPresence[] = ["present", "unbacked", "failed", "none"];
const BOOLS = [true, false];

function* everyBrowser(): Generator<BrowserFeatures> {
  for (const mediaRecorder of BOOLS)
    for (const getUserMedia of BOOLS)
      for (const secureContext of BOOLS)
        for (const speechRecognition of PRESENCES)
          for (const speechSynthesis of [true, false, null])
            yield { mediaRecorder, getUserMedia, secureContext, speechRecognition, speechSynthesis };
}

const HEADLESS_CHROMIUM: BrowserFeatures = {
  mediaRecorder: true,
  getUserMedia: true,
  secureContext: true,
  speechRecognition: "unbacked",
  speechSynthesis: false,
};

describe("what spoken mode offers", () => {
  it("covers every combination of server capabilities and browser features", () => {
    let combinations = 0;
    for (const [name, server] of SERVERS) {
      for (const f of everyBrowser()) {
        combinations++;
        const s = speechSupport(server, f);
        const label = `${name}, ${JSON.stringify(f)}`;
        const records = f.secureContext && f.mediaRecorder && f.getUserMedia;
        expect(s.canRecord, label).toBe(records);
        // Server transcription needs a recording; browser recognition needs a working service too.
        const expected =
          records && server?.transcription.available
            ? "server"
            : records && f.speechRecognition === "present"
              ? "browser"
              : "none";
        expect(s.recogniser, label).toBe(expected);
        // Recordings (and keeping them) exist exactly when an answer can be captured.
        expect(s.available, label).toBe(expected !== "none");
        expect(s.unavailableBecause === null, label).toBe(s.available);
        if (!s.available) {
          const why = s.unavailableBecause ?? "";
          if (!f.secureContext) expect(why, label).toMatch(/secure page/);
          else if (!records) expect(why, label).toMatch(f.mediaRecorder ? /microphone access/ : /MediaRecorder/);
          else {
            expect(why, label).toMatch(server ? /no transcription model/ : /haven't loaded/);
            expect(why, label).toMatch(
              { none: /has no speech recognition/, unbacked: /no speech service/, failed: /stopped working/ }[
                f.speechRecognition as Exclude<RecognitionPresence, "present">
              ],
            );
          }
        }
        // The server's voice wins; else the browser's voices once they have loaded.
        const browserVoice = new Map([
          [true, "browser"],
          [false, "none"],
          [null, null],
        ]).get(f.speechSynthesis);
        expect(s.voice, label).toBe(server?.tts.available ? "server" : browserVoice);
      }
    }
    expect(combinations).toBe(5 * 2 * 2 * 2 * 4 * 3);
  });

  it("headless Chromium with an offline server: nothing to offer, and says why", () => {
    const s = speechSupport(caps(false, false), HEADLESS_CHROMIUM);
    expect(s).toMatchObject({ recogniser: "none", available: false, voice: "none", canRecord: true });
    expect(s.unavailableBecause).toBe(
      "This server has no transcription model, and this browser's speech recognition has no speech service behind it (Google Chrome, Microsoft Edge and Safari provide one).",
    );
  });

  it("headless Chromium with server transcription: records and transcribes on the server", () => {
    expect(speechSupport(caps(true, true), HEADLESS_CHROMIUM)).toMatchObject({
      recogniser: "server",
      available: true,
      voice: "server",
      unavailableBecause: null,
    });
  });

  it("prefers the server's transcription over the browser's recogniser", () => {
    const chrome = { ...HEADLESS_CHROMIUM, speechRecognition: "present" as const, speechSynthesis: true };
    expect(speechSupport(caps(true, false), chrome).recogniser).toBe("server");
    expect(speechSupport(caps(false, false), chrome)).toMatchObject({ recogniser: "browser", voice: "browser" });
  });

  it("a server that transcribes cannot help a page that cannot record", () => {
    const insecure = { ...HEADLESS_CHROMIUM, secureContext: false, getUserMedia: false };
    const s = speechSupport(caps(true, true), insecure);
    expect(s).toMatchObject({ recogniser: "none", available: false, canRecord: false });
    expect(s.unavailableBecause).toMatch(/^Recording needs a secure page/);
  });
});
