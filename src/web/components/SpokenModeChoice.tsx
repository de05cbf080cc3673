import { useEffect } from "preact/hooks";
import type { Capabilities } from "../api/client.ts";
import { useAppData } from "../lib/appData.ts";
import { type SpeechSupport, useSpeechSupport } from "../lib/speechSupport.ts";
import { Notice } from "./Notice.tsx";

export type AnswerMode = "typed" | "spoken";

export interface SpokenChoices {
  mode: AnswerMode;
  readAloud: boolean;
  keepAudio: boolean;
}

function listening(s: SpeechSupport, caps: Capabilities | null): string | null {
  if (s.recogniser === "server")
    return `Your recorded answers are transcribed by this server (${caps?.transcription.model}).`;
  if (s.recogniser === "browser") return "Your answers are transcribed live by this browser's speech recognition.";
  return null;
}

function reading(s: SpeechSupport): string | null {
  if (s.voice === "server") return "Questions are read aloud by the server's voice.";
  if (s.voice === "browser") return "Questions are read aloud by this browser.";
  if (s.voice === "none") return "This browser can't read questions aloud, so they are shown on screen only.";
  return null;
}

/**
 * "How you answer" on the start page. Spoken answers are offered only when this server and this
 * browser together can record and transcribe them; otherwise the page says why and keeps typing.
 */
export function SpokenModeChoice({
  value,
  onChange,
}: {
  value: SpokenChoices;
  onChange: (patch: Partial<SpokenChoices>) => void;
}) {
  const { capabilities } = useAppData();
  const s = useSpeechSupport(capabilities);
  // A saved "spoken" choice falls back to typing once the server has said what it can do.
  const fallBack = !s.available && capabilities !== null && (value.mode === "spoken" || value.keepAudio);
  useEffect(() => {
    if (fallBack) onChange({ mode: "typed", keepAudio: false });
  }, [fallBack]);
  const spoken = value.mode === "spoken" && s.available;
  return (
    <fieldset>
      <legend>How you answer</legend>
      <div class="choice-grid">
        <label class="choice">
          <input
            type="radio"
            name="mode"
            value="typed"
            checked={value.mode === "typed"}
            onChange={() => onChange({ mode: "typed", keepAudio: false })}
          />
          <span>
            <span class="title">Typed</span>
            <span class="desc">Write your answers. Drafts are saved on this device as you type.</span>
          </span>
        </label>
        <label class={`choice${s.available ? "" : " unavailable"}`}>
          <input
            type="radio"
            name="mode"
            value="spoken"
            checked={value.mode === "spoken"}
            disabled={!s.available}
            aria-describedby={s.available ? undefined : "spoken-unavailable"}
            onChange={() => onChange({ mode: "spoken" })}
          />
          <span>
            <span class="title">Spoken</span>
            <span class="desc">
              {!s.available
                ? "Not available in this browser."
                : s.voice === "none"
                  ? "Answer aloud, then review the transcript before it is sent. Questions are shown on screen."
                  : "Hear each question and answer aloud, then review the transcript before it is sent."}
            </span>
          </span>
        </label>
      </div>
      {!s.available && (
        <div class="spoken-options" id="spoken-unavailable">
          <Notice kind="info">
            <p>
              Spoken answers can't work here: {s.unavailableBecause} Typed answers work in every browser, with drafts
              saved as you go.
            </p>
          </Notice>
        </div>
      )}
      {spoken && (
        <div class="spoken-options">
          <Notice kind="info">
            <p>
              {listening(s, capabilities)} You can review and edit every transcript before it is sent. {reading(s)}
            </p>
          </Notice>
          {s.voice !== "none" && (
            <label class="check">
              <input
                type="checkbox"
                checked={value.readAloud}
                onChange={(e) => onChange({ readAloud: e.currentTarget.checked })}
              />
              <span>Read each question aloud</span>
            </label>
          )}
          <label class="check">
            <input
              type="checkbox"
              checked={value.keepAudio}
              onChange={(e) => onChange({ keepAudio: e.currentTarget.checked })}
            />
            <span>
              Keep my recordings with this interview
              <span class="muted small">
                {" "}
                — off by default; otherwise no audio is kept once your answer is transcribed.
              </span>
            </span>
          </label>
        </div>
      )}
    </fieldset>
  );
}
