/**
 * Live speech recognition in the browser (Chrome, Edge, Safari). Not in the TypeScript DOM
 * library, so the small part we use is typed here.
 */
interface RecognitionResult {
  isFinal: boolean;
  0: { transcript: string };
}
interface RecognitionEvent {
  resultIndex: number;
  results: ArrayLike<RecognitionResult>;
}
interface SpeechRecognitionLike {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((e: RecognitionEvent) => void) | null;
  onerror: ((e: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}
type RecognitionCtor = new () => SpeechRecognitionLike;

function ctor(): RecognitionCtor | null {
  const w = window as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

/**
 * What stands behind the browser's speech recognition interface. Chromium builds ship the
 * interface, but only Google Chrome and Microsoft Edge connect it to a speech service: elsewhere
 * (Chromium, Brave, headless browsers) it fails the moment it starts.
 */
export type RecognitionPresence = "present" | "unbacked" | "failed" | "none";

const FAILED_KEY = "mockloop.recognitionFailed";
/** A failure here is remembered for a week, then the browser gets another chance. */
const FAILURE_MEMORY_MS = 7 * 24 * 3600 * 1000;

export function recognitionPresence(now = Date.now()): RecognitionPresence {
  if (!ctor()) return "none";
  const failedAt = Number(localStorageValue(FAILED_KEY));
  if (failedAt > 0 && now - failedAt < FAILURE_MEMORY_MS) return "failed";
  const brands = (navigator as { userAgentData?: { brands?: { brand: string }[] } }).userAgentData?.brands;
  if (brands && !brands.some((b) => /Google Chrome|Microsoft Edge/.test(b.brand))) return "unbacked";
  return "present";
}

/** Called when recognition started but could not hear (no service, no audio capture). */
export function rememberRecognitionFailure(now = Date.now()): void {
  try {
    localStorage.setItem(FAILED_KEY, String(now));
  } catch {
    // Storage blocked: the room still switches to typing for this page.
  }
}

function localStorageValue(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export type RecognitionFailure = "denied" | "unavailable";

/** Streams the transcript so far (final and interim) to onText until stop(). */
export class LiveRecognition {
  private rec: SpeechRecognitionLike | null = null;
  private finalText = "";
  private stopped = false;

  constructor(
    private readonly onText: (text: string) => void,
    private readonly onFailure: (why: RecognitionFailure) => void,
  ) {}

  start(prefix: string): void {
    const Ctor = ctor();
    if (!Ctor) {
      this.onFailure("unavailable");
      return;
    }
    this.finalText = prefix ? `${prefix.trimEnd()} ` : "";
    this.stopped = false;
    const rec = new Ctor();
    rec.lang = navigator.language || "en-US";
    rec.continuous = true;
    rec.interimResults = true;
    rec.onresult = (e) => {
      let interim = "";
      for (let i = e.resultIndex; i < e.results.length; i++) {
        const r = e.results[i] as RecognitionResult;
        if (r.isFinal) this.finalText += `${r[0].transcript.trim()} `;
        else interim += r[0].transcript;
      }
      this.onText((this.finalText + interim).trim());
    };
    rec.onerror = (e) => {
      if (e.error === "no-speech" || e.error === "aborted") return;
      this.stopped = true;
      this.onFailure(e.error === "not-allowed" ? "denied" : "unavailable");
    };
    // Chrome ends continuous recognition after a silence; keep listening until asked to stop.
    rec.onend = () => {
      if (!this.stopped) {
        try {
          rec.start();
        } catch {
          this.stopped = true;
        }
      }
    };
    this.rec = rec;
    rec.start();
  }

  stop(): string {
    this.stopped = true;
    this.rec?.stop();
    this.rec = null;
    return this.finalText.trim();
  }
}
