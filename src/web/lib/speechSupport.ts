import { useEffect, useState } from "preact/hooks";
import type { Capabilities } from "../api/client.ts";
import { browserRecognitionAvailable } from "./recognition.ts";
import { recordingSupported } from "./recorder.ts";
import { type VoiceSource, voiceSource } from "./voice.ts";

/** Where a spoken answer's text comes from. */
export type Recogniser = "server" | "browser" | "none";

export interface SpeechSupport {
  recogniser: Recogniser;
  voice: VoiceSource | null;
  canRecord: boolean;
}

export function recogniserFor(caps: Capabilities | null): Recogniser {
  if (caps?.transcription.available) return "server";
  return browserRecognitionAvailable() ? "browser" : "none";
}

export function useSpeechSupport(caps: Capabilities | null): SpeechSupport {
  const [voice, setVoice] = useState<VoiceSource | null>(null);
  useEffect(() => {
    let live = true;
    voiceSource(caps).then((v) => live && setVoice(v));
    return () => {
      live = false;
    };
  }, [caps]);
  return { recogniser: recogniserFor(caps), voice, canRecord: recordingSupported() && window.isSecureContext };
}
