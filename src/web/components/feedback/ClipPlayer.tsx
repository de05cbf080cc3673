import { useEffect, useState } from "preact/hooks";
import { api, type ClipMeta } from "../../api/client.ts";
import { explain } from "../../lib/errors.ts";
import { bytes } from "../../lib/format.ts";

/** A kept recording: fetched only when asked (it needs the token), deletable at any time. */
export function ClipPlayer({ clip }: { clip: ClipMeta }) {
  const [url, setUrl] = useState<string | null>(null);
  const [state, setState] = useState<"idle" | "loading" | "deleted">("idle");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (state === "deleted") return <p class="small muted">Recording deleted.</p>;
  const load = async () => {
    setState("loading");
    try {
      setUrl(URL.createObjectURL(await api.clipAudio(clip.id)));
    } catch (err) {
      setError(explain(err));
    } finally {
      setState("idle");
    }
  };
  const remove = async () => {
    try {
      await api.deleteClip(clip.id);
      setState("deleted");
    } catch (err) {
      setError(explain(err));
    }
  };
  return (
    <div class="clip row">
      {url ? (
        // biome-ignore lint/a11y/useMediaCaption: the transcript is shown right above the player.
        <audio controls src={url} />
      ) : (
        <button type="button" class="btn quiet" onClick={load} disabled={state === "loading"}>
          ▶ Play your recording <span class="muted small">({bytes(clip.bytes)})</span>
        </button>
      )}
      <button type="button" class="btn quiet danger" onClick={remove}>
        Delete recording
      </button>
      {error && <span class="small warn-text">{error}</span>}
    </div>
  );
}
