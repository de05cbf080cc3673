import type { DeletedCountsT } from "../../api/schemas.ts";
import { api } from "../api/client.ts";
import { announce } from "../lib/announce.ts";
import { describeDeleted } from "../lib/recovery.ts";
import { ConfirmDialog, useConfirmedAction } from "./ConfirmDialog.tsx";

/** "Delete" for one interview, asked first; `what` names it for screen readers ("Quick practice, 2 May"). */
export function DeleteSession({
  id,
  what,
  onDeleted,
}: {
  id: string;
  what: string;
  onDeleted: (counts: DeletedCountsT) => void;
}) {
  const { open, ...dialog } = useConfirmedAction(
    () => api.deleteSession(id),
    (counts) => {
      announce(`Interview deleted from the server: ${describeDeleted(counts)}.`);
      onDeleted(counts);
      // The button is gone with its interview: the page title is a sensible place to continue from.
      requestAnimationFrame(() => document.querySelector<HTMLElement>("main h1")?.focus());
    },
  );
  return (
    <>
      <button type="button" class="btn quiet danger" onClick={open}>
        Delete<span class="visually-hidden"> interview: {what}</span>
      </button>
      <ConfirmDialog
        {...dialog}
        id={`delete-${id}`}
        title="Delete this interview?"
        confirmLabel="Delete interview"
        busyLabel="Deleting…"
        cancelLabel="Keep it"
      >
        <p class="muted">
          {what}: its questions, answers, grades and any kept recordings are erased from the server. Your other
          interviews stay. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
