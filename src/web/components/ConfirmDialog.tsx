import type { ComponentChildren, RefObject } from "preact";
import { useRef, useState } from "preact/hooks";
import { explain } from "../lib/errors.ts";
import { Notice } from "./Notice.tsx";

/** The state behind a ConfirmDialog: runs the action once confirmed, closes on success, keeps the error. */
export function useConfirmedAction<T>(run: () => Promise<T>, onDone: (result: T) => void) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onConfirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await run();
      dialogRef.current?.close();
      onDone(result);
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };
  return { dialogRef, busy, error, onConfirm, open: () => dialogRef.current?.showModal() };
}

/**
 * Asks before something that cannot be undone. A native modal dialog (opened with showModal by
 * the caller): it traps focus, starts on its first control (the typed confirmation when there is
 * one, else the safe choice), closes on Escape and gives focus back to what opened it.
 */
export function ConfirmDialog({
  dialogRef,
  id,
  title,
  children,
  confirmLabel,
  busyLabel,
  cancelLabel,
  typeToConfirm,
  busy,
  error,
  onConfirm,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  id: string;
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  busyLabel: string;
  cancelLabel: string;
  /** A word the person must type before the action runs. */
  typeToConfirm?: string;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
}) {
  const [typed, setTyped] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (typeToConfirm && typed.trim().toLowerCase() !== typeToConfirm.toLowerCase()) {
      setMismatch(true);
      input.current?.focus();
      return;
    }
    onConfirm();
  };
  const close = () => {
    setTyped("");
    setMismatch(false);
    dialogRef.current?.close();
  };
  return (
    <dialog ref={dialogRef} aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} onClose={close}>
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-desc`}>{children}</div>
        {typeToConfirm && (
          <div class="field confirm-field">
            <label class="field-label" for={`${id}-typed`}>
              Type <strong>{typeToConfirm}</strong> to confirm
            </label>
            <input
              ref={input}
              id={`${id}-typed`}
              class="text-input"
              type="text"
              autocomplete="off"
              autocapitalize="none"
              spellcheck={false}
              value={typed}
              aria-invalid={mismatch ? "true" : undefined}
              aria-describedby={mismatch ? `${id}-mismatch` : undefined}
              onInput={(e) => {
                setTyped((e.currentTarget as HTMLInputElement).value);
                setMismatch(false);
              }}
            />
            {mismatch && (
              <p id={`${id}-mismatch`} class="field-error">
                Type {typeToConfirm} exactly to go ahead, or choose “{cancelLabel}”.
              </p>
            )}
          </div>
        )}
        {error && <Notice kind="error">{error}</Notice>}
        <div class="row">
          <button type="button" class="btn" onClick={close}>
            {cancelLabel}
          </button>
          <button type="submit" class="btn danger solid" disabled={busy}>
            {busy ? busyLabel : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
