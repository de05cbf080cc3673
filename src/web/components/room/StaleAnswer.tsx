import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/client.ts";
import { IS_MAC } from "../../lib/media.ts";

/** Why an answer from this tab could not be sent: another tab moved the interview on. */
export type StaleReason = "answered" | "finished";

export function staleReason(err: unknown): StaleReason | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === "turn_already_answered" || err.code === "turn_not_current") return "answered";
  if (err.code === "session_not_active") return "finished";
  return null;
}

/**
 * What a stale tab shows instead of the answer box: the text it could not send, kept visible
 * (and in this device's drafts) until the candidate has copied it or chosen to move on.
 */
export function StaleAnswer({
  text,
  reason,
  onContinue,
}: {
  text: string;
  reason: StaleReason;
  onContinue: () => void;
}) {
  const [copied, setCopied] = useState<"copied" | "blocked" | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("copied");
    } catch {
      // No clipboard access (an insecure page, or permission refused): select it for a manual copy.
      box.current?.focus();
      box.current?.select();
      setCopied("blocked");
    }
  };

  return (
    <section class="composer card stale-answer" aria-labelledby="stale-title">
      <h2 id="stale-title" ref={heading} tabIndex={-1}>
        {reason === "answered"
          ? "This question was already answered in another tab"
          : "This interview was finished in another tab"}
      </h2>
      <p>
        Your answer from this tab was not sent, and nothing you wrote is lost: it is below and still saved on this
        device. Copy it if you want to reuse it, then{" "}
        {reason === "answered" ? "continue with the question the interview is on now." : "see the feedback."}
      </p>
      <label class="field-label" for="stale-text">
        Your text from this tab (not sent)
      </label>
      <textarea id="stale-text" ref={box} readOnly value={text} />
      <div class="composer-actions">
        <button type="button" class="btn primary" onClick={copy}>
          Copy my text
        </button>
        <button type="button" class="btn" onClick={onContinue}>
          {reason === "answered" ? "Continue to the current question" : "See the feedback"}
        </button>
        <span class="muted small" aria-live="polite">
          {copied === "copied"
            ? "Copied to the clipboard."
            : copied === "blocked"
              ? `This browser blocked copying. The text is selected: press ${IS_MAC ? "⌘" : "Ctrl"} + C to copy it.`
              : ""}
        </span>
      </div>
    </section>
  );
}
