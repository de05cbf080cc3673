import { useCallback, useEffect, useState } from "preact/hooks";
import type { ScorecardT } from "../../api/schemas.ts";
import { api, type ClipMeta } from "../api/client.ts";
import { DeleteSession } from "../components/DeleteSession.tsx";
import { AnswerReview } from "../components/feedback/AnswerReview.tsx";
import { Summary } from "../components/feedback/Summary.tsx";
import { Notice } from "../components/Notice.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { useAppData } from "../lib/appData.ts";
import { explain, isTransient } from "../lib/errors.ts";
import { plural, when } from "../lib/format.ts";
import { navigate } from "../lib/router.ts";
import { saveSessionPrefs } from "../lib/sessionPrefs.ts";

const POLL_MS = 1500;

export function FeedbackPage({ id }: { id: string }) {
  const { roles } = useAppData();
  const [sc, setSc] = useState<ScorecardT | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [clips, setClips] = useState<ClipMeta[]>([]);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [retryError, setRetryError] = useState<string | null>(null);

  const load = useCallback(async (): Promise<ScorecardT | { failed: unknown }> => {
    try {
      const next = await api.scorecard(id);
      setSc(next);
      setError(null);
      return next;
    } catch (err) {
      setError(err);
      return { failed: err };
    }
  }, [id]);

  // Grades are written by a background worker: poll until every answer has one. A transient
  // failure (server restarting) keeps polling, more slowly, as the warning promises.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const tick = async () => {
      const next = await load();
      if (!live) return;
      if ("failed" in next) {
        if (isTransient(next.failed)) timer = setTimeout(tick, POLL_MS * 3);
      } else if (next.scorecard.state === "pending" || next.summaryPending) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    api.clips(id).then(
      (r) => live && setClips(r.clips),
      () => {},
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, load]);

  const retry = async (questionId: string) => {
    if (!sc) return;
    setRetrying(questionId);
    setRetryError(null);
    try {
      const session = await api.createSession({
        role: sc.session.role,
        questionIds: [questionId],
        mode: sc.session.mode,
      });
      saveSessionPrefs(session.id, { readAloud: true, keepAudio: false });
      navigate(`/interview/${session.id}`);
    } catch (err) {
      setRetryError(explain(err));
      setRetrying(null);
    }
  };

  if (error && !sc) {
    return (
      <>
        <PageTitle title="Feedback">We couldn't load your feedback</PageTitle>
        <Notice kind="error">{explain(error)}</Notice>
        <div class="row" style="margin-top:20px">
          <button type="button" class="btn primary" onClick={load}>
            Try again
          </button>
          <a class="btn" href="/history">
            Your history
          </a>
        </div>
      </>
    );
  }
  if (!sc) {
    return (
      <>
        <PageTitle title="Feedback">Your feedback</PageTitle>
        <p class="loading">Loading your scorecard…</p>
      </>
    );
  }

  const role = roles?.find((r) => r.id === sc.session.role);
  const roundTitle = (rid: string) => role?.rounds.find((r) => r.id === rid)?.title ?? rid;
  const preset = role?.presets.find((p) => p.id === sc.session.presetId);
  return (
    <div class="feedback">
      <div class="feedback-head">
        <span class="eyebrow">
          {when(sc.session.createdAt)} · {sc.session.mode === "spoken" ? "Spoken" : "Typed"}
          {sc.session.status === "ended" ? " · ended early" : ""}
        </span>
        <PageTitle title="Feedback">{preset ? `${preset.title}: your feedback` : "Your feedback"}</PageTitle>
        <p class="lede">
          {plural(sc.answers.length, "question")} asked, from{" "}
          {[...new Set(sc.answers.map((a) => a.round))].map(roundTitle).join(", ")}. Every score below cites your own
          words; highlighted passages are the evidence the grader used.
        </p>
      </div>
      {sc.session.status === "active" && (
        <Notice kind="info">
          This interview is still open. <a href={`/interview/${id}`}>Go back to it</a> to finish; the answers so far are
          shown below.
        </Notice>
      )}
      {error !== null && <Notice kind="warn">{explain(error)} The page will keep trying.</Notice>}
      <Summary sessionId={id} sc={sc.scorecard} rubric={role?.rubric} />
      {sc.summary && (
        <section class="section card" aria-labelledby="debrief-title">
          <h2 id="debrief-title">Debrief</h2>
          <p>{sc.summary.overview}</p>
          {sc.summary.focusAreas.length > 0 && (
            <ul>
              {sc.summary.focusAreas.map((f) => (
                <li key={f.area}>
                  <strong>{f.area}:</strong> {f.practice}
                </li>
              ))}
            </ul>
          )}
          <p class="small muted">
            Written by {sc.summary.model} ({sc.summary.promptVersion}) from the grades below only.
          </p>
        </section>
      )}
      <section class="section" aria-labelledby="answers-title">
        <h2 id="answers-title">Answer by answer</h2>
        {retryError && <Notice kind="error">{retryError}</Notice>}
        {sc.answers.map((a) => (
          <AnswerReview
            sessionId={id}
            role={sc.session.role}
            key={a.questionIndex}
            answer={a}
            roundTitle={roundTitle(a.round)}
            clips={clips}
            onRetry={() => retry(a.questionId)}
            retrying={retrying === a.questionId}
          />
        ))}
      </section>
      <p class="small muted usage-line">
        {sc.usage.calls === 0
          ? "No language model was called for this interview: everything ran on this server, offline."
          : `Language-model use for this interview: ${plural(sc.usage.calls, "call")}` +
            `${sc.usage.failedCalls ? ` (${sc.usage.failedCalls} failed)` : ""}, ` +
            `${(sc.usage.inputTokens + sc.usage.outputTokens).toLocaleString()} tokens` +
            `${sc.usage.estimatedCostUsd !== null ? `, about $${sc.usage.estimatedCostUsd.toFixed(3)}` : ""}.`}
      </p>
      <div class="row feedback-actions">
        <a class="btn primary" href="/">
          Start another interview
        </a>
        <a class="btn" href="/history">
          See your progress
        </a>
        <DeleteSession
          id={id}
          what={`${preset?.title ?? "This interview"}, ${when(sc.session.createdAt)}`}
          onDeleted={() => navigate("/history")}
        />
      </div>
    </div>
  );
}
