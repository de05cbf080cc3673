import { useState } from "preact/hooks";
import type { HistoryT, ScorecardT } from "../../api/schemas.ts";
import { api } from "../api/client.ts";
import { loadToken } from "../api/token.ts";
import { TrendChart, type TrendPoint } from "../charts/TrendChart.tsx";
import { timeSpanLabel } from "../charts/timeTicks.ts";
import { DeleteSession } from "../components/DeleteSession.tsx";
import { Notice } from "../components/Notice.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { useAppData } from "../lib/appData.ts";
import { explain } from "../lib/errors.ts";
import { plural, score, when } from "../lib/format.ts";
import { NARROW, useMediaQuery } from "../lib/media.ts";
import { navigate } from "../lib/router.ts";
import { saveSessionPrefs } from "../lib/sessionPrefs.ts";
import { useAsync } from "../lib/useAsync.ts";

type Item = HistoryT["sessions"][number];

const STATUS: Record<Item["status"], { text: string; cls: string }> = {
  active: { text: "In progress", cls: "accent" },
  completed: { text: "Completed", cls: "ok" },
  ended: { text: "Ended early", cls: "" },
};

interface Trend {
  competencyId: string;
  name: string;
  points: TrendPoint[];
}

/** One trend per competency, over every interview that scored it, oldest first. */
function trendsOf(sessions: Item[]): Trend[] {
  const byId = new Map<string, Trend>();
  for (const s of [...sessions].reverse()) {
    for (const c of s.scorecard.competencies) {
      const trend = byId.get(c.competencyId) ?? { competencyId: c.competencyId, name: c.name, points: [] };
      byId.set(c.competencyId, trend);
      if (c.mean !== null && c.answersScored > 0) trend.points.push({ at: s.createdAt, value: c.mean });
    }
  }
  return [...byId.values()];
}

function Trends({ sessions }: { sessions: Item[] }) {
  const trends = trendsOf(sessions);
  const charted = trends.filter((t) => t.points.length >= 2);
  const thin = trends.filter((t) => t.points.length < 2);
  return (
    <section class="section" aria-labelledby="trends-title">
      <h2 id="trends-title">Each competency over time</h2>
      <p class="muted small">
        Each point is one interview's mean level (1–4) for the competency, from the questions in it that assess it,
        placed at the interview's date. Retry a question to compare the same question attempt by attempt.
      </p>
      {charted.length > 0 && (
        <div class="trend-grid">
          {charted.map((t) => (
            <div class="card trend-card" key={t.competencyId}>
              <h3>{t.name}</h3>
              <TrendChart name={t.name} points={t.points} />
              <p class="small muted trend-span">
                {timeSpanLabel(Date.parse(t.points[0]?.at ?? ""), Date.parse(t.points[t.points.length - 1]?.at ?? ""))}
              </p>
            </div>
          ))}
        </div>
      )}
      {thin.length > 0 && (
        <ul class="plain trend-thin small">
          {thin.map((t) => (
            <li key={t.competencyId}>
              <strong>{t.name}:</strong>{" "}
              {t.points[0]
                ? `scored once so far (${when(t.points[0].at)}, level ${t.points[0].value.toFixed(1)}); a trend needs two interviews.`
                : "not scored in any interview yet."}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Questions({ item }: { item: Item }) {
  const [sc, setSc] = useState<ScorecardT | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const onToggle = (e: Event) => {
    if ((e.currentTarget as HTMLDetailsElement).open && !sc)
      api.scorecard(item.id).then(setSc, (err) => setError(explain(err)));
  };
  const retry = async (questionId: string) => {
    setBusy(questionId);
    try {
      const s = await api.createSession({ role: item.role, questionIds: [questionId], mode: item.mode });
      saveSessionPrefs(s.id, { readAloud: true, keepAudio: false });
      navigate(`/interview/${s.id}`);
    } catch (err) {
      setError(explain(err));
      setBusy(null);
    }
  };
  return (
    <details class="questions" onToggle={onToggle}>
      <summary>Questions</summary>
      {error && <Notice kind="error">{error}</Notice>}
      {!sc && !error && <p class="muted small">Loading…</p>}
      {sc && (
        <ul class="question-list">
          {sc.answers.map((a) => (
            <li key={a.questionIndex}>
              <span>{a.questionText}</span>
              <button type="button" class="btn quiet" onClick={() => retry(a.questionId)} disabled={busy !== null}>
                {busy === a.questionId ? "Starting…" : "Retry"}
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

export function HistoryPage() {
  const { roles } = useAppData();
  const hasToken = Boolean(loadToken());
  // On a phone the charts would push the list below the fold: the list comes first there.
  const narrow = useMediaQuery(NARROW);
  const history = useAsync(
    () => (hasToken ? api.history() : Promise.resolve({ sessions: [], total: 0, nextCursor: null })),
    [hasToken],
  );
  const role = (id: string) => roles?.find((r) => r.id === id);
  const titleOf = (s: Item) => {
    const r = role(s.role);
    const preset = r?.presets.find((p) => p.id === s.presetId);
    if (preset) return preset.title;
    return s.rounds.map((id) => r?.rounds.find((x) => x.id === id)?.title ?? id).join(", ");
  };

  let body: preact.ComponentChild;
  if (history.error) {
    body = (
      <>
        <Notice kind="error">{explain(history.error)}</Notice>
        <button type="button" class="btn" style="margin-top:16px" onClick={history.reload}>
          Try again
        </button>
      </>
    );
  } else if (!history.data) {
    body = <p class="loading">Loading your history…</p>;
  } else if (history.data.sessions.length === 0) {
    body = (
      <div class="card empty">
        <p>No interviews on this device yet. Your history, with a chart of each competency over time, appears here.</p>
        <a class="btn primary" href="/">
          Start your first interview
        </a>
      </div>
    );
  } else {
    const sessions = history.data.sessions;
    const trends = <Trends sessions={sessions} />;
    body = (
      <>
        {!narrow && trends}
        <section class="section" aria-labelledby="sessions-title">
          <h2 id="sessions-title">Past interviews</h2>
          <ul class="session-list">
            {sessions.map((s) => (
              <li key={s.id} class="card session-item">
                <div class="session-main">
                  <div>
                    <span class="eyebrow">{when(s.createdAt)}</span>
                    <h3>{titleOf(s)}</h3>
                    <p class="small muted">
                      {plural(s.questionCount, "question")} · {s.mode} ·{" "}
                      <span class={`pill ${STATUS[s.status].cls}`}>{STATUS[s.status].text}</span>
                    </p>
                  </div>
                  <div class="session-score">
                    {s.status !== "active" && (
                      <>
                        <span class="overall-value small-value">{score(s.scorecard.overall)}</span>
                        <span class="small muted">
                          {s.scorecard.state === "pending" ? "grading…" : s.scorecard.recommendationLabel}
                        </span>
                      </>
                    )}
                  </div>
                  <div class="session-actions">
                    {s.status === "active" ? (
                      <a class="btn primary" href={`/interview/${s.id}`}>
                        Resume
                      </a>
                    ) : (
                      <a class="btn" href={`/feedback/${s.id}`}>
                        Feedback
                      </a>
                    )}
                    <DeleteSession id={s.id} what={`${titleOf(s)}, ${when(s.createdAt)}`} onDeleted={history.reload} />
                  </div>
                </div>
                <Questions item={s} />
              </li>
            ))}
          </ul>
        </section>
        {narrow && trends}
      </>
    );
  }
  return (
    <>
      <PageTitle title="History">Your history</PageTitle>
      <p class="lede">Interviews taken on this device, newest first. Retry any question to see how you've improved.</p>
      {body}
    </>
  );
}
