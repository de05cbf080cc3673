import { useEffect, useState } from "preact/hooks";
import type { Capabilities } from "../api/client.ts";
import { type RecognitionPresence, recognitionPresence } from "./recognition.ts";
import { browserVoices, type VoiceSource } from "./voice.ts";

/** Where a spoken answer's text comes from. */
export type Recogniser = "server" | "browser" | "none";

/** What this browser has, as feature detection sees it. */
export interface BrowserFeatures {
  mediaRecorder: boolean;
  /** navigator.mediaDevices.getUserMedia (browsers leave it out of insecure pages). */
  getUserMedia: boolean;
  secureContext: boolean;
  speechRecognition: RecognitionPresence;
  /** speechSynthesis with at least one voice; null while the browser is still loading its voices. */
  speechSynthesis: boolean | null;
}

/** What a spoken interview can do here: the combination of this server and this browser. */
export interface SpeechSupport {
  recogniser: Recogniser;
  canRecord: boolean;
  /** How questions are read aloud; null while that is still being found out. */
  voice: VoiceSource | null;
  /** Spoken answers can be recorded and turned into text here; only then are recordings made (and keepable). */
  available: boolean;
  /** Why spoken answers can't be captured here, in the candidate's words; null when they can. */
  unavailableBecause: string | null;
}

const RECOGNITION_PROBLEM: Record<Exclude<RecognitionPresence, "present">, string> = {
  none: "this browser has no speech recognition",
  unbacked:
    "this browser's speech recognition has no speech service behind it (Google Chrome, Microsoft Edge and Safari provide one)",
  failed: "this browser's speech recognition stopped working here recently",
};

/** Offers only what can work: server transcription needs a recording, browser recognition a working service. */
export function speechSupport(caps: Capabilities | null, f: BrowserFeatures): SpeechSupport {
  const canRecord = f.secureContext && f.mediaRecorder && f.getUserMedia;
  const voice: VoiceSource | null = caps?.tts.available
    ? "server"
    : f.speechSynthesis === null
      ? null
      : f.speechSynthesis
        ? "browser"
        : "none";
  let recogniser: Recogniser = "none";
  if (canRecord && caps?.transcription.available) recogniser = "server";
  else if (canRecord && f.speechRecognition === "present") recogniser = "browser";
  let unavailableBecause: string | null = null;
  if (!f.secureContext) {
    unavailableBecause = "Recording needs a secure page (https, or localhost), and this page isn't one.";
  } else if (!canRecord) {
    unavailableBecause = `This browser can't record audio (it has no ${f.mediaRecorder ? "microphone access" : "MediaRecorder"}).`;
  } else if (recogniser === "none") {
    const server = caps ? "This server has no transcription model" : "This server's speech settings haven't loaded";
    const browser = RECOGNITION_PROBLEM[f.speechRecognition as Exclude<RecognitionPresence, "present">];
    unavailableBecause = `${server}, and ${browser}.`;
  }
  return { recogniser, canRecord, voice, available: recogniser !== "none", unavailableBecause };
}

/** The features speechSupport weighs, read from this browser. */
export function detectBrowserFeatures(speechSynthesis: boolean | null): BrowserFeatures {
  return {
    mediaRecorder: typeof MediaRecorder !== "undefined",
    getUserMedia: Boolean(navigator.mediaDevices?.getUserMedia),
    secureContext: window.isSecureContext,
    speechRecognition: recognitionPresence(),
    speechSynthesis,
  };
}

export function useSpeechSupport(caps: Capabilities | null): SpeechSupport {
  const [voices, setVoices] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    browserVoices().then((v) => live && setVoices(v));
    return () => {
      live = false;
    };
  }, []);
  return speechSupport(caps, detectBrowserFeatures(voices));
}
