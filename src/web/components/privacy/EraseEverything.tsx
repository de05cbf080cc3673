import type { DeletedCountsT } from "../../../api/schemas.ts";
import { api } from "../../api/client.ts";
import { plural } from "../../lib/format.ts";
import { ConfirmDialog, useConfirmedAction } from "../ConfirmDialog.tsx";

/** Erases the candidate on the server; the page then forgets the code, which no longer works anywhere. */
export function EraseEverything({
  sessions,
  onErased,
}: {
  sessions: number;
  onErased: (counts: DeletedCountsT) => void;
}) {
  const { open, ...dialog } = useConfirmedAction(() => api.eraseMe(), onErased);
  return (
    <section class="card data-section danger-zone" aria-labelledby="erase-everything-title">
      <h2 id="erase-everything-title">Erase everything</h2>
      <p>
        Deletes every interview, answer, grade and kept recording from this server, and the recovery code itself, on
        every browser that uses it. Download a copy first if you want one.
      </p>
      <button type="button" class="btn danger" onClick={open}>
        Erase everything…
      </button>
      <ConfirmDialog
        {...dialog}
        id="erase"
        title="Erase all your data?"
        confirmLabel="Erase everything"
        busyLabel="Erasing…"
        cancelLabel="Keep my data"
        typeToConfirm="erase"
      >
        <p class="muted">
          {plural(sessions, "interview")} and everything in {sessions === 1 ? "it" : "them"} will be removed from the
          server, and this recovery code will stop working. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
