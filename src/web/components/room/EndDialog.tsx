import type { RefObject } from "preact";

/**
 * Asks before ending. The native dialog is the only source of truth for whether it is open
 * (opened with showModal, closed by "Keep going" or Escape), so no state can drift from it.
 * It traps focus, starts on "Keep going" (its first button) and gives focus back on close.
 */
export function EndDialog({
  dialogRef,
  busy,
  onConfirm,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  busy: boolean;
  onConfirm: () => void;
}) {
  return (
    <dialog ref={dialogRef} aria-labelledby="end-title" aria-describedby="end-desc">
      <h2 id="end-title">End the interview now?</h2>
      <p id="end-desc" class="muted">
        Questions you answered are still graded. The rest are marked as skipped, and you go straight to your feedback.
      </p>
      <div class="row">
        <button type="button" class="btn" onClick={() => dialogRef.current?.close()}>
          Keep going
        </button>
        <button type="button" class="btn danger solid" onClick={onConfirm} disabled={busy}>
          {busy ? "Ending…" : "End interview"}
        </button>
      </div>
    </dialog>
  );
}
