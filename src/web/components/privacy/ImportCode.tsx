import { useRef, useState } from "preact/hooks";
import { plural } from "../../lib/format.ts";
import { importRecoveryCode } from "../../lib/recovery.ts";

/** Moves an identity to this browser; the code is checked with the server before it replaces anything. */
export function ImportCode({ hasCode, onImported }: { hasCode: boolean; onImported: () => void }) {
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLParagraphElement>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const outcome = await importRecoveryCode(value);
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.message);
      input.current?.focus();
      return;
    }
    setValue("");
    setDone(`This browser now uses that recovery code: ${plural(outcome.sessions, "interview")} in its history.`);
    onImported();
    requestAnimationFrame(() => result.current?.focus());
  };
  return (
    <section class="card data-section" aria-labelledby="import-title">
      <h2 id="import-title">Use a recovery code from another browser</h2>
      <p>
        Paste the code shown on the other browser's “Your data” page to see the same history here.
        {hasCode &&
          " This replaces this browser's current code: show and copy it first if its interviews matter to you."}
      </p>
      <form onSubmit={submit} noValidate>
        <label class="field-label" for="import-code">
          Recovery code
        </label>
        <input
          ref={input}
          id="import-code"
          class="text-input mono"
          type="text"
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          placeholder="ml_…"
          value={value}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "import-error" : undefined}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
        />
        {error && (
          <p id="import-error" class="field-error" role="alert">
            {error}
          </p>
        )}
        <div class="row form-row">
          <button type="submit" class="btn primary" disabled={busy}>
            {busy ? "Checking…" : "Use this code"}
          </button>
        </div>
      </form>
      {done && (
        <p ref={result} class="notice-line ok" role="status" tabIndex={-1}>
          {done} <a href="/history">Open your history</a>
        </p>
      )}
    </section>
  );
}
