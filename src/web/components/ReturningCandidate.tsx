import { useEffect, useState } from "preact/hooks";
import type { HistoryT } from "../../api/schemas.ts";
import { api } from "../api/client.ts";
import { loadToken } from "../api/token.ts";
import { plural, when } from "../lib/format.ts";

/** Shown when this device already has a token with interviews: a way back to them. */
export function ReturningCandidate() {
  const [history, setHistory] = useState<HistoryT | null>(null);
  useEffect(() => {
    if (!loadToken()) return;
    api.history().then(setHistory, () => setHistory(null));
  }, []);
  if (!history || history.sessions.length === 0) return null;
  const active = history.sessions.find((s) => s.status === "active");
  return (
    <section class="card welcome" aria-labelledby="welcome-title">
      <div>
        <h2 id="welcome-title">Welcome back</h2>
        <p class="muted">
          This device has {plural(history.sessions.length, "past interview")}.{" "}
          {active ? `One from ${when(active.createdAt)} is still open.` : ""}
        </p>
      </div>
      <div class="row">
        {active && (
          <a class="btn primary" href={`/interview/${active.id}`}>
            Resume interview
          </a>
        )}
        <a class="btn" href="/history">
          See your history
        </a>
      </div>
    </section>
  );
}
