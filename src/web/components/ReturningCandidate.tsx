import { useEffect, useState } from "preact/hooks";
import type { HistoryT } from "../../api/schemas.ts";
import { api } from "../api/client.ts";
import { loadToken } from "../api/token.ts";
import { useAppData } from "../lib/appData.ts";
import { plural, when } from "../lib/format.ts";
import { AbandonSession } from "./AbandonSession.tsx";
import "../styles/plan.css";

type Item = HistoryT["sessions"][number];

const WORDS = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"];
const count = (n: number) => WORDS[n] ?? String(n);

/** Shown when this device already has a token with interviews: a way back to them, or out of open ones. */
export function ReturningCandidate() {
  const { roles } = useAppData();
  const [history, setHistory] = useState<HistoryT | null>(null);
  const load = () => {
    if (!loadToken()) return;
    api.history().then(setHistory, () => setHistory(null));
  };
  useEffect(load, []);
  if (!history || history.sessions.length === 0) return null;
  const open = history.sessions.filter((s) => s.status === "active");
  const titleOf = (s: Item) => {
    const role = roles?.find((r) => r.id === s.role);
    return role?.presets.find((p) => p.id === s.presetId)?.title ?? "Chosen questions";
  };
  const what = (s: Item) => `${titleOf(s)}, ${when(s.createdAt)}`;
  const first = open[0];
  return (
    <section class="card welcome" aria-labelledby="welcome-title">
      <div class="welcome-text">
        <h2 id="welcome-title">Welcome back</h2>
        <p class="muted">
          This device has {plural(history.total, "past interview")}.{" "}
          {open.length === 1 && first && `One, from ${when(first.createdAt)}, is still open.`}
          {open.length > 1 && `${count(open.length)} are still open.`}
        </p>
      </div>
      {open.length > 0 && (
        <ul class="open-sessions" aria-label="Open interviews">
          {open.map((s) => (
            <li key={s.id} class="open-session">
              <span>
                <strong>{titleOf(s)}</strong>{" "}
                <span class="muted small">
                  {when(s.createdAt)} · {plural(s.questionCount, "question")}
                </span>
              </span>
              <span class="row">
                <a class="btn primary" href={`/interview/${s.id}`}>
                  Resume<span class="visually-hidden"> interview: {what(s)}</span>
                </a>
                <AbandonSession id={s.id} what={what(s)} onAbandoned={load} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <div class="row">
        <a class="btn" href="/history">
          See your history
        </a>
      </div>
    </section>
  );
}
