import { api } from "../api/client.ts";
import { announce } from "../lib/announce.ts";
import { ConfirmDialog, useConfirmedAction } from "./ConfirmDialog.tsx";

/** "Abandon" for an open interview, asked first: ends it through the end-session API, as ended early. */
export function AbandonSession({ id, what, onAbandoned }: { id: string; what: string; onAbandoned: () => void }) {
  const { open, ...dialog } = useConfirmedAction(
    () => api.end(id),
    () => {
      announce(`Interview abandoned: ${what}. It is in your history as ended early.`);
      onAbandoned();
      requestAnimationFrame(() => document.querySelector<HTMLElement>("main h1")?.focus());
    },
  );
  return (
    <>
      <button type="button" class="btn quiet danger" onClick={open}>
        Abandon<span class="visually-hidden"> interview: {what}</span>
      </button>
      <ConfirmDialog
        {...dialog}
        id={`abandon-${id}`}
        title="Abandon this interview?"
        confirmLabel="Abandon interview"
        busyLabel="Ending…"
        cancelLabel="Keep it open"
      >
        <p class="muted">
          {what}: it ends now and can't be resumed. Questions you answered are still graded; the rest count as not
          asked. It stays in your history as ended early.
        </p>
      </ConfirmDialog>
    </>
  );
}
