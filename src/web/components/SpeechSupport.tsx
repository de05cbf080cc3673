import { useAppData } from "../lib/appData.ts";
import { useSpeechSupport } from "../lib/speechSupport.ts";
import { Notice } from "./Notice.tsx";

/** Says plainly what this server and browser can do for a spoken interview. */
export function SpeechSupport() {
  const { capabilities } = useAppData();
  const s = useSpeechSupport(capabilities);
  const listening =
    s.recogniser === "server"
      ? `Your recorded answers are transcribed by this server (${capabilities?.transcription.model}).`
      : s.recogniser === "browser"
        ? "Your answers are transcribed live by this browser's speech recognition."
        : null;
  const reading =
    s.voice === "server"
      ? "Questions are read aloud by the server's voice."
      : s.voice === "browser"
        ? "Questions are read aloud by this browser."
        : s.voice === "none"
          ? "This browser can't read questions aloud, so they are shown on screen only."
          : null;
  if (!s.canRecord || !listening) {
    return (
      <Notice kind="warn">
        <p>
          {!s.canRecord
            ? "This page can't record audio here (it needs a browser with MediaRecorder, on https or localhost)."
            : "No speech recogniser is available: this server has no transcription model and this browser has no speech recognition."}{" "}
          You can still take a spoken interview and type your answers.
        </p>
        {reading && <p>{reading}</p>}
      </Notice>
    );
  }
  return (
    <Notice kind="info">
      <p>
        {listening} You can review and edit every transcript before it is sent. {reading}
      </p>
    </Notice>
  );
}

/** The spoken-interview choices on the start page: what works here, reading aloud, keeping audio. */
export function SpokenOptions({
  readAloud,
  keepAudio,
  onChange,
}: {
  readAloud: boolean;
  keepAudio: boolean;
  onChange: (patch: { readAloud?: boolean; keepAudio?: boolean }) => void;
}) {
  const { capabilities } = useAppData();
  const speech = useSpeechSupport(capabilities);
  return (
    <div class="spoken-options">
      <SpeechSupport />
      {speech.voice !== "none" && (
        <label class="check">
          <input
            type="checkbox"
            checked={readAloud}
            onChange={(e) => onChange({ readAloud: e.currentTarget.checked })}
          />
          <span>Read each question aloud</span>
        </label>
      )}
      <label class="check">
        <input type="checkbox" checked={keepAudio} onChange={(e) => onChange({ keepAudio: e.currentTarget.checked })} />
        <span>
          Keep my recordings with this interview
          <span class="muted small"> — off by default; otherwise audio is discarded once it is transcribed.</span>
        </span>
      </label>
    </div>
  );
}
