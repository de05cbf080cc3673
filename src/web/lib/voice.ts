import { api } from "../api/client.ts";

/** How questions are read aloud: the server's TTS endpoint, the browser's voices, or not at all. */
export type VoiceSource = "server" | "browser" | "none";

let voicesReady: Promise<boolean> | null = null;

/** Browsers load voices lazily; headless ones have none, which is how we detect "can't speak". */
export function browserVoices(): Promise<boolean> {
  voicesReady ??= new Promise((resolve) => {
    if (!("speechSynthesis" in window)) return resolve(false);
    if (speechSynthesis.getVoices().length > 0) return resolve(true);
    const done = () => resolve(speechSynthesis.getVoices().length > 0);
    speechSynthesis.addEventListener("voiceschanged", done, { once: true });
    setTimeout(done, 1500);
  });
  return voicesReady;
}

let current: HTMLAudioElement | null = null;

export function stopSpeaking(): void {
  current?.pause();
  current = null;
  if ("speechSynthesis" in window) speechSynthesis.cancel();
}

/** Reads text aloud; resolves when it has started (or failed), never throws. */
export async function speak(text: string, source: VoiceSource): Promise<boolean> {
  stopSpeaking();
  if (source === "server") {
    try {
      const blob = await api.synthesize(text);
      const audio = new Audio(URL.createObjectURL(blob));
      current = audio;
      audio.onended = () => URL.revokeObjectURL(audio.src);
      await audio.play();
      return true;
    } catch {
      return speak(text, (await browserVoices()) ? "browser" : "none");
    }
  }
  if (source === "browser") {
    const u = new SpeechSynthesisUtterance(text);
    u.rate = 0.98;
    speechSynthesis.speak(u);
    return true;
  }
  return false;
}
