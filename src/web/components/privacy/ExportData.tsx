import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { explain } from "../../lib/errors.ts";
import { bytes } from "../../lib/format.ts";
import { Notice } from "../Notice.tsx";

/** Hands the browser a file: the export needs the bearer token, so a plain link cannot fetch it. */
function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportData() {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const { blob, filename } = await api.exportData();
      saveFile(blob, filename);
      setDone(`Downloaded ${filename} (${bytes(blob.size)}).`);
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card data-section" aria-labelledby="export-title">
      <h2 id="export-title">Take a copy</h2>
      <p>
        One JSON file with every interview: the questions, your answers, the grades with the words they quote, delivery
        insights and the details of kept recordings (each as a link that plays with your recovery code).
      </p>
      <button type="button" class="btn primary" onClick={download} disabled={busy}>
        {busy ? "Preparing…" : "Download your data"}
      </button>
      <p class="small muted" aria-live="polite">
        {done}
      </p>
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}
