import { useRef, useState } from "preact/hooks";

/** Selects the code on screen, so copying by hand is one keystroke when the clipboard is refused. */
function selectText(el: HTMLElement | null): void {
  if (!el) return;
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/** Shows this browser's token, the only key to its history, only when asked. */
export function RecoveryCode({ token }: { token: string }) {
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const code = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("Copied. Keep it somewhere private, such as a password manager.");
    } catch {
      selectText(code.current);
      setCopied(
        "This browser did not allow copying. The code is selected: copy it with Ctrl+C (⌘C), or press and hold.",
      );
    }
  };
  return (
    <section class="card data-section" aria-labelledby="code-title">
      <h2 id="code-title">Your recovery code</h2>
      <p>
        mockloop has no accounts. This code is what ties your interviews to you: with it, any browser can open your
        history. Anyone who has it can read and erase your interviews, so keep it private.
      </p>
      <button
        type="button"
        class="btn"
        aria-expanded={shown ? "true" : "false"}
        aria-controls="recovery-code"
        onClick={() => {
          setShown(!shown);
          setCopied(null);
        }}
      >
        {shown ? "Hide recovery code" : "Show recovery code"}
      </button>
      <div id="recovery-code" hidden={!shown}>
        {shown && (
          <>
            <p class="field-label">Recovery code</p>
            <code ref={code} class="recovery-code">
              {token}
            </code>
            <button type="button" class="btn" onClick={copy}>
              Copy recovery code
            </button>
          </>
        )}
        <p class="small muted" aria-live="polite">
          {copied}
        </p>
      </div>
    </section>
  );
}
