import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { explain } from "../../lib/errors.ts";
import { clock } from "../../lib/format.ts";
import { LiveRecognition, rememberRecognitionFailure } from "../../lib/recognition.ts";
import { MicError, micMessage, type RecordedAudio, Recorder } from "../../lib/recorder.ts";
import type { Recogniser } from "../../lib/speechSupport.ts";
import { Notice } from "../Notice.tsx";

type Phase = "idle" | "recording" | "transcribing";

export interface RecordPanelProps {
  sessionId: string;
  turnId: string;
  recogniser: Exclude<Recogniser, "none">;
  keepAudio: boolean;
  /** The transcript so far; browser recognition continues from it. */
  currentText: string;
  /** Live (browser) or final (server) text, and the recorded time to add. */
  onText: (text: string, addedDurationMs: number) => void;
  /** Called when live recognition turns out not to work here. */
  onRecogniserFailed: (message: string) => void;
  disabled: boolean;
}

/** Record → stop → transcript in the answer box, ready to review. */
export function RecordPanel(props: RecordPanelProps) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [elapsed, setElapsed] = useState(0);
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<RecordedAudio | null>(null);
  const recorder = useRef<Recorder | null>(null);
  const live = useRef<LiveRecognition | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (phase !== "recording") return;
    let frame = 0;
    const tick = () => {
      setElapsed(recorder.current?.elapsedMs() ?? 0);
      setLevel(recorder.current?.level() ?? 0);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [phase]);

  useEffect(
    () => () => {
      recorder.current?.cancel();
      live.current?.stop();
    },
    [],
  );

  const transcribe = async (audio: RecordedAudio) => {
    setPhase("transcribing");
    setError(null);
    try {
      const r = await api.transcribe(
        { sessionId: props.sessionId, turnId: props.turnId, durationMs: audio.durationMs, keepAudio: props.keepAudio },
        audio.blob,
      );
      setFailed(null);
      const joined = [props.currentText.trim(), r.text].filter(Boolean).join(" ");
      props.onText(joined, audio.durationMs);
      if (!r.text) setError("No speech was heard in that recording. Check your microphone and try again.");
    } catch (err) {
      setFailed(audio);
      setError(`${explain(err)} Your recording is kept in this page: try transcribing it again, or type your answer.`);
    } finally {
      setPhase("idle");
    }
  };

  const start = async () => {
    setError(null);
    setFailed(null);
    const rec = new Recorder();
    try {
      await rec.start();
    } catch (err) {
      setError(err instanceof MicError ? err.message : micMessage("failed"));
      return;
    }
    recorder.current = rec;
    setElapsed(0);
    setPhase("recording");
    if (props.recogniser === "browser") {
      const recognition = new LiveRecognition(
        (text) => props.onText(text, 0),
        (why) => {
          // Whatever the candidate typed meanwhile stays: drop the recording, keep the text.
          live.current = null;
          recorder.current?.cancel();
          recorder.current = null;
          setPhase("idle");
          if (why === "unavailable") rememberRecognitionFailure();
          props.onRecogniserFailed(
            why === "denied"
              ? micMessage("denied")
              : "This browser's speech recognition isn't working here (it may need an internet connection). Type your answer instead.",
          );
        },
      );
      live.current = recognition;
      recognition.start(props.currentText);
    }
  };

  const stop = async () => {
    const rec = recorder.current;
    recorder.current = null;
    if (!rec) return;
    const audio = await rec.stop();
    buttonRef.current?.focus();
    if (props.recogniser === "server") {
      await transcribe(audio);
      return;
    }
    const text = live.current?.stop() ?? props.currentText;
    live.current = null;
    props.onText(text, audio.durationMs);
    setPhase("idle");
    if (props.keepAudio) {
      api
        .keepClip({ sessionId: props.sessionId, turnId: props.turnId, durationMs: audio.durationMs }, audio.blob)
        .catch((err) => setError(`The transcript is fine, but the recording could not be kept: ${explain(err)}`));
    }
  };

  const recording = phase === "recording";
  const statusText = recording
    ? "Recording… speak naturally, and stop when you're done."
    : phase === "transcribing"
      ? "Transcribing your answer…"
      : error
        ? ""
        : props.currentText
          ? "Check the transcript below and correct anything misheard. Recording more adds to it."
          : props.recogniser === "server"
            ? "After you stop, the transcript appears below for you to check."
            : "Your words appear below as you speak.";
  return (
    <div class={`record-panel ${phase}`}>
      <div class="row">
        <button
          ref={buttonRef}
          type="button"
          class={`record-button${recording ? " recording" : ""}`}
          onClick={recording ? stop : start}
          disabled={props.disabled || phase === "transcribing"}
          aria-describedby="record-status"
        >
          <span class="record-dot" aria-hidden="true" />
          {recording ? "Stop recording" : props.currentText ? "Record more" : "Start recording"}
        </button>
        <div class="record-status">
          {recording && (
            <>
              <span class="rec-clock" role="timer" aria-label="Recording time">
                {clock(elapsed)}
              </span>
              <span class="level" aria-hidden="true">
                <span class="level-fill" style={{ transform: `scaleX(${Math.max(0.04, level)})` }} />
              </span>
            </>
          )}
          <span id="record-status" class="muted small" aria-live="polite">
            {statusText}
          </span>
        </div>
      </div>
      {error && (
        <div class="record-error">
          <Notice kind="error">
            <p>{error}</p>
            {failed && (
              <button type="button" class="btn" onClick={() => transcribe(failed)}>
                Try transcribing again
              </button>
            )}
          </Notice>
        </div>
      )}
    </div>
  );
}
