/** Microphone recording with MediaRecorder, plus a live input level for the meter. */

export type MicProblem = "denied" | "no-device" | "insecure" | "unsupported" | "failed";

export class MicError extends Error {
  constructor(
    readonly problem: MicProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface RecordedAudio {
  blob: Blob;
  durationMs: number;
}

const PREFERRED_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

export function recordingSupported(): boolean {
  return typeof MediaRecorder !== "undefined" && Boolean(navigator.mediaDevices?.getUserMedia);
}

export function micMessage(problem: MicProblem): string {
  switch (problem) {
    case "denied":
      return "Microphone access was refused. To answer aloud, allow the microphone for this site in your browser's settings and try again — or type your answer below.";
    case "no-device":
      return "No microphone was found. Connect one and try again, or type your answer below.";
    case "insecure":
      return "Recording needs a secure page (https, or localhost). Type your answer below instead.";
    case "unsupported":
      return "This browser can't record audio. Type your answer below instead.";
    default:
      return "The microphone could not be started. Try again, or type your answer below.";
  }
}

function classify(err: unknown): MicError {
  const name = (err as DOMException)?.name;
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
    return new MicError("denied", micMessage("denied"));
  }
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
    return new MicError("no-device", micMessage("no-device"));
  }
  return new MicError("failed", micMessage("failed"));
}

export class Recorder {
  private stream: MediaStream | null = null;
  private recorder: MediaRecorder | null = null;
  private chunks: Blob[] = [];
  private startedAt = 0;
  private audio: AudioContext | null = null;
  private analyser: AnalyserNode | null = null;
  private samples = new Uint8Array(256);

  async start(): Promise<void> {
    if (!window.isSecureContext) throw new MicError("insecure", micMessage("insecure"));
    if (!recordingSupported()) throw new MicError("unsupported", micMessage("unsupported"));
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true },
      });
    } catch (err) {
      throw classify(err);
    }
    const mimeType = PREFERRED_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
    this.recorder = new MediaRecorder(this.stream, mimeType ? { mimeType } : undefined);
    this.chunks = [];
    this.recorder.ondataavailable = (e) => {
      if (e.data.size > 0) this.chunks.push(e.data);
    };
    this.recorder.start(250);
    this.startedAt = performance.now();
    try {
      this.audio = new AudioContext();
      this.analyser = this.audio.createAnalyser();
      this.analyser.fftSize = 512;
      this.audio.createMediaStreamSource(this.stream).connect(this.analyser);
    } catch {
      // The meter is a nicety; recording works without it.
      this.analyser = null;
    }
  }

  /** Input level between 0 and 1. */
  level(): number {
    if (!this.analyser) return 0;
    this.analyser.getByteTimeDomainData(this.samples);
    let peak = 0;
    for (const v of this.samples) peak = Math.max(peak, Math.abs(v - 128));
    return Math.min(1, peak / 64);
  }

  elapsedMs(): number {
    return this.startedAt ? performance.now() - this.startedAt : 0;
  }

  stop(): Promise<RecordedAudio> {
    const recorder = this.recorder;
    if (!recorder) return Promise.reject(new MicError("failed", micMessage("failed")));
    const durationMs = this.elapsedMs();
    return new Promise((resolve) => {
      recorder.onstop = () => {
        const blob = new Blob(this.chunks, { type: recorder.mimeType || "audio/webm" });
        this.release();
        resolve({ blob, durationMs });
      };
      recorder.stop();
    });
  }

  cancel(): void {
    if (this.recorder && this.recorder.state !== "inactive") {
      this.recorder.onstop = null;
      this.recorder.stop();
    }
    this.release();
  }

  private release(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    void this.audio?.close().catch(() => {});
    this.stream = null;
    this.recorder = null;
    this.audio = null;
    this.analyser = null;
    this.startedAt = 0;
  }
}
