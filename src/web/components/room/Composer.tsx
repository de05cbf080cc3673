import { useEffect, useRef, useState } from "preact/hooks";
import type { PromptT } from "../../../api/schemas.ts";
import { countCharacters, MAX_ANSWER_CHARS as MAX_CHARS } from "../../../api/text-length.ts";
import { clearDraft, forgetPromptStart, loadDraft, saveDraft } from "../../lib/drafts.ts";
import { explain, isTransient } from "../../lib/errors.ts";
import { randomId } from "../../lib/ids.ts";
import { HAS_KEYBOARD_LIKELY, IS_MAC, useMediaQuery } from "../../lib/media.ts";
import type { Recogniser } from "../../lib/speechSupport.ts";
import { CodeField, type FieldHandle } from "../code/CodeField.tsx";
import { Notice } from "../Notice.tsx";
import { RecordPanel } from "./RecordPanel.tsx";
import { StaleAnswer, type StaleReason, staleReason } from "./StaleAnswer.tsx";

export interface AnswerMeta {
  mode: "typed" | "spoken";
  durationMs?: number;
}

export interface ComposerProps {
  sessionId: string;
  prompt: PromptT;
  questionTextId: string;
  spoken: boolean;
  recogniser: Recogniser;
  keepAudio: boolean;
  onRecogniserFailed: (message: string) => void;
  onSubmit: (text: string, meta: AnswerMeta, idempotencyKey: string) => Promise<void>;
  onSkip: () => Promise<void>;
  /** After another tab moved the interview on: show where it is now. */
  onContinue: () => void;
}

/**
 * The answer box. Every keystroke is saved as a draft on this device, so a reload or a failed
 * submit loses nothing; in spoken mode it holds the transcript for review before sending.
 */
export function Composer(props: ComposerProps) {
  const { sessionId, prompt } = props;
  const initial = loadDraft(sessionId, prompt.turnId);
  const [text, setText] = useState(initial?.text ?? "");
  const [durationMs, setDurationMs] = useState(initial?.durationMs ?? 0);
  // Counts text changes made outside the code editor (a transcript), which it must take in.
  const [outsideEdits, setOutsideEdits] = useState(0);
  const [busy, setBusy] = useState<"submit" | "skip" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState<StaleReason | null>(null);
  const [saved, setSaved] = useState<boolean>(Boolean(initial?.text));
  const key = useRef<{ key: string; text: string } | null>(
    initial?.idempotencyKey && initial.keyFor ? { key: initial.idempotencyKey, text: initial.keyFor } : null,
  );
  const area = useRef<HTMLTextAreaElement>(null);
  const codeField = useRef<FieldHandle>(null);
  // Coding questions get a code editor, typed or spoken: code is not dictated.
  const isCode = prompt.type === "coding";
  const focusAnswer = () => (isCode ? codeField.current?.focus() : area.current?.focus({ preventScroll: true }));
  // The shortcut can fire before the re-render that follows typing: read the newest values here.
  const latest = useRef({ text, durationMs });
  latest.current = { text, durationMs };
  const mounted = useRef(true);

  useEffect(() => {
    focusAnswer();
    return () => {
      mounted.current = false;
    };
  }, []);

  // The text a tab opens with is already stored (possibly by another tab): copy it only once it changes.
  const opened = useRef(true);
  useEffect(() => {
    if (opened.current) {
      opened.current = false;
      return;
    }
    const ok = saveDraft(sessionId, prompt.turnId, {
      text,
      durationMs,
      spoken: durationMs > 0,
      idempotencyKey: key.current?.key,
      keyFor: key.current?.text,
    });
    setSaved(ok && text.length > 0);
  }, [text, durationMs, sessionId, prompt.turnId]);

  const updateText = (value: string, addedMs = 0) => {
    // An emptied box starts the answer over, recording time included.
    const d = value.trim() === "" ? 0 : latest.current.durationMs + addedMs;
    latest.current = { text: value, durationMs: d };
    setText(value);
    setDurationMs(d);
  };

  const submit = async () => {
    if (busy || stale) return;
    const { text, durationMs } = latest.current;
    const answer = text.trim();
    if (!answer) {
      setError(
        props.spoken
          ? "There is no answer yet. Record or type one first, or skip the question."
          : "Write an answer first, or skip the question.",
      );
      focusAnswer();
      return;
    }
    if (countCharacters(answer) > MAX_CHARS) {
      setError(
        `Answers can be at most ${MAX_CHARS.toLocaleString()} characters; this one has ${countCharacters(answer).toLocaleString()}.`,
      );
      return;
    }
    // The same text keeps the same key, so resubmitting after a lost reply is safe.
    if (key.current?.text !== answer) key.current = { key: randomId(), text: answer };
    saveDraft(sessionId, prompt.turnId, { text, durationMs, idempotencyKey: key.current.key, keyFor: answer });
    setBusy("submit");
    setError(null);
    try {
      const meta: AnswerMeta =
        durationMs > 0 ? { mode: "spoken", durationMs: Math.round(durationMs) } : { mode: "typed" };
      await props.onSubmit(answer, meta, key.current.key);
      clearDraft(sessionId, prompt.turnId, answer);
      forgetPromptStart(prompt.turnId);
    } catch (err) {
      // Another tab answered first: this text was not sent, so it stays on screen and in the draft.
      const why = staleReason(err);
      if (why && mounted.current) setStale(why);
      else if (mounted.current) {
        setError(
          isTransient(err) ? `${explain(err)} Your answer is still here and saved on this device.` : explain(err),
        );
        focusAnswer();
      }
    } finally {
      if (mounted.current) setBusy(null);
    }
  };

  const skip = async () => {
    if (busy || stale) return;
    setBusy("skip");
    setError(null);
    try {
      await props.onSkip();
      clearDraft(sessionId, prompt.turnId);
    } catch (err) {
      if (mounted.current) setError(explain(err));
    } finally {
      if (mounted.current) setBusy(null);
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !(e.target as HTMLElement)?.closest("dialog")) {
        e.preventDefault();
        void submit();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  const label =
    props.spoken && props.recogniser !== "none"
      ? "Your answer (transcript — check and edit before sending)"
      : "Your answer";
  // Counted as the server counts it: code points, without the surrounding white space that is not sent.
  const length = countCharacters(text.trim());
  const near = length > MAX_CHARS * 0.9;
  const keyboard = useMediaQuery(HAS_KEYBOARD_LIKELY);
  if (stale) return <StaleAnswer text={text} reason={stale} onContinue={props.onContinue} />;
  const describedBy = [props.questionTextId, keyboard && "answer-hint", isCode && keyboard && "code-hint"]
    .filter(Boolean)
    .join(" ");
  return (
    <section class="composer card" aria-label="Answer">
      {props.spoken && props.recogniser !== "none" && (
        <RecordPanel
          sessionId={sessionId}
          turnId={prompt.turnId}
          recogniser={props.recogniser}
          keepAudio={props.keepAudio}
          currentText={text}
          onText={(value, addedMs) => {
            updateText(value, addedMs);
            setOutsideEdits((n) => n + 1);
          }}
          onRecogniserFailed={props.onRecogniserFailed}
          disabled={busy !== null}
        />
      )}
      <label class="field-label" id="answer-label" for="answer">
        {label}
      </label>
      {isCode ? (
        <CodeField
          id="answer"
          labelId="answer-label"
          label={label}
          description={`${prompt.text} ${keyboard ? "Tab indents; Escape then Tab leaves the editor; Control Enter sends." : ""}`}
          describedBy={describedBy}
          value={text}
          outsideEdits={outsideEdits}
          placeholder="Write your Python here. Tab indents; press Escape, then Tab, to move on."
          readOnly={busy === "submit"}
          onInput={(value) => updateText(value)}
          handle={codeField}
        />
      ) : (
        <textarea
          id="answer"
          ref={area}
          value={text}
          onInput={(e) => updateText(e.currentTarget.value)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          readOnly={busy === "submit"}
          spellcheck
          placeholder={
            props.spoken && props.recogniser !== "none"
              ? "Your transcript will appear here. You can also type."
              : "Think out loud: state your approach, the trade-offs, and how you would check it worked."
          }
        />
      )}
      <div class="composer-meta">
        {keyboard ? (
          <span class="muted small">
            <span id="answer-hint">
              <kbd>{IS_MAC ? "⌘" : "Ctrl"}</kbd> + <kbd>Enter</kbd> sends your answer.
            </span>
            {isCode && (
              <span id="code-hint">
                {" "}
                <kbd>Tab</kbd> indents; <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor.
              </span>
            )}
          </span>
        ) : (
          <span />
        )}
        <span class={`muted small${near ? " warn-text" : ""}`}>
          {saved ? "Draft saved on this device · " : ""}
          {length.toLocaleString()} / {MAX_CHARS.toLocaleString()}
        </span>
      </div>
      {error && (
        <div class="composer-error">
          <Notice kind="error">{error}</Notice>
        </div>
      )}
      {/* Submit comes first, so Tab then Enter from the answer box sends rather than skips. */}
      <div class="composer-actions">
        <button type="button" class="btn primary large" onClick={submit} disabled={busy !== null}>
          {busy === "submit" ? "Sending…" : "Submit answer"}
        </button>
        <button type="button" class="btn quiet" onClick={skip} disabled={busy !== null}>
          {busy === "skip" ? "Skipping…" : prompt.kind === "followup" ? "Skip, next question" : "Skip question"}
        </button>
      </div>
    </section>
  );
}
