import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { AnswerAcceptedT, SessionViewT } from "../../api/schemas.ts";
import { ApiError, api } from "../api/client.ts";
import { Highlighted } from "../components/feedback/Highlighted.tsx";
import { Notice } from "../components/Notice.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { type AnswerMeta, Composer } from "../components/room/Composer.tsx";
import { EndDialog } from "../components/room/EndDialog.tsx";
import { LoopProgress } from "../components/room/LoopProgress.tsx";
import { QuestionReason } from "../components/room/QuestionReason.tsx";
import { Thread } from "../components/room/Thread.tsx";
import { Timer } from "../components/room/Timer.tsx";
import { useAppData } from "../lib/appData.ts";
import { promptStartedAt } from "../lib/drafts.ts";
import { explain } from "../lib/errors.ts";
import { navigate } from "../lib/router.ts";
import { loadSessionPrefs } from "../lib/sessionPrefs.ts";
import { type Recogniser, useSpeechSupport } from "../lib/speechSupport.ts";
import { speak, stopSpeaking } from "../lib/voice.ts";

const TYPE_LABEL: Record<string, string> = {
  technical: "Technical",
  scenario: "Scenario",
  behavioural: "Behavioural",
  coding: "Coding",
};

export function InterviewPage({ id }: { id: string }) {
  const { capabilities } = useAppData();
  const support = useSpeechSupport(capabilities);
  const prefs = useMemo(() => loadSessionPrefs(id), [id]);
  const [session, setSession] = useState<SessionViewT | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [streaming, setStreaming] = useState<string | null>(null);
  const [sentAnswer, setSentAnswer] = useState<string | null>(null);
  const [ending, setEnding] = useState(false);
  const endDialog = useRef<HTMLDialogElement>(null);
  const [recogniserProblem, setRecogniserProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const s = await api.session(id);
      if (s.status !== "active" || !s.current) {
        navigate(`/feedback/${id}`, { replace: true });
        return;
      }
      setSession(s);
    } catch (err) {
      setLoadError(err);
    }
  }, [id]);

  useEffect(() => {
    void load();
    return () => stopSpeaking();
  }, [load]);

  const current = session?.current ?? null;
  const spoken = session?.mode === "spoken";
  const recogniser: Recogniser = recogniserProblem ? "none" : support.recogniser;

  useEffect(() => {
    if (!current) return;
    setAnnouncement(
      `${current.kind === "followup" ? "Follow-up" : `Question ${current.questionIndex + 1} of ${current.questionCount}`}: ${current.text}`,
    );
    if (spoken && prefs.readAloud && support.voice && support.voice !== "none") void speak(current.text, support.voice);
  }, [current?.turnId, spoken, prefs.readAloud, support.voice]);

  const afterAdvance = async (result: AnswerAcceptedT) => {
    if (!result.next || result.sessionStatus !== "active") {
      stopSpeaking();
      navigate(`/feedback/${id}`);
      return;
    }
    setSession(await api.session(id));
  };

  const recoverFromConflict = async (err: unknown) => {
    if (err instanceof ApiError && (err.code === "turn_already_answered" || err.code === "turn_not_current")) {
      setNotice(explain(err));
      await load();
      return true;
    }
    if (err instanceof ApiError && err.code === "session_not_active") {
      navigate(`/feedback/${id}`, { replace: true });
      return true;
    }
    return false;
  };

  const submit = async (text: string, meta: AnswerMeta, idempotencyKey: string) => {
    if (!current) return;
    setNotice(null);
    setStreaming("");
    setSentAnswer(text);
    try {
      const result = await api.answer(
        id,
        { turnId: current.turnId, text, ...meta },
        idempotencyKey,
        (delta) => setStreaming((s) => (s ?? "") + delta),
        (message) => {
          setStreaming("");
          setNotice(message);
        },
      );
      await afterAdvance(result);
    } finally {
      setStreaming(null);
      setSentAnswer(null);
    }
  };

  const skip = async () => {
    if (!current) return;
    setNotice(null);
    try {
      await afterAdvance(await api.skip(id, current.turnId));
    } catch (err) {
      if (!(await recoverFromConflict(err))) throw err;
    }
  };

  const end = async () => {
    setEnding(true);
    try {
      await api.end(id);
      stopSpeaking();
      navigate(`/feedback/${id}`);
    } catch (err) {
      setEnding(false);
      endDialog.current?.close();
      if (!(await recoverFromConflict(err))) setNotice(explain(err));
    }
  };

  if (loadError) {
    return (
      <>
        <PageTitle title="Interview">We couldn't open this interview</PageTitle>
        <Notice kind="error">
          <p>{explain(loadError)}</p>
          <p>Anything you had typed is still saved on this device and will be back when the interview opens.</p>
        </Notice>
        <div class="row" style="margin-top:20px">
          <button type="button" class="btn primary" onClick={load}>
            Try again
          </button>
          <a class="btn" href="/">
            Start a new interview
          </a>
        </div>
      </>
    );
  }
  if (!session || !current) {
    return (
      <>
        <PageTitle title="Interview" takeFocus={false}>
          Interview
        </PageTitle>
        <p class="loading">Opening your interview…</p>
      </>
    );
  }

  const thread = session.transcript.filter((t) => t.questionIndex === current.questionIndex && t.status !== "open");
  const questionTextId = `prompt-${current.turnId}`;
  return (
    <div class="room">
      <div class="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      <div class="room-top">
        <span class="eyebrow">
          {current.roundTitle}
          {current.type && !current.roundTitle.toLowerCase().includes(current.type)
            ? ` · ${TYPE_LABEL[current.type] ?? current.type}`
            : ""}
          {current.difficulty ? ` · ${current.difficulty}` : ""}
        </span>
        <div class="room-title-row">
          <PageTitle
            title={`Question ${current.questionIndex + 1} of ${current.questionCount}`}
            takeFocus={false}
            class="room-title"
          >
            Question {current.questionIndex + 1} <span class="muted">of {current.questionCount}</span>
          </PageTitle>
          <button type="button" class="btn quiet danger" onClick={() => endDialog.current?.showModal()}>
            End interview
          </button>
        </div>
      </div>
      <LoopProgress session={session} />
      {notice && (
        <div class="room-notice">
          <Notice kind="warn" live>
            {notice}
          </Notice>
        </div>
      )}
      <section class="card prompt-card" aria-labelledby={questionTextId}>
        <Thread turns={thread} code={current.type === "coding"} />
        <div class={`current-prompt ${current.kind}`}>
          <span class="who">
            {current.kind === "followup" ? "Follow-up from your interviewer" : "Your interviewer asks"}
          </span>
          <p id={questionTextId} class="question-text">
            {current.text}
          </p>
          {current.kind === "question" && <QuestionReason plan={session.plan} index={current.questionIndex} />}
          <div class="prompt-tools">
            <Timer startedAt={promptStartedAt(current.turnId)} guidelineMinutes={current.timeGuidelineMinutes} />
            {spoken && support.voice && support.voice !== "none" && (
              <button
                type="button"
                class="btn quiet small-btn"
                onClick={() => speak(current.text, support.voice ?? "none")}
              >
                Read aloud
              </button>
            )}
            {spoken && support.voice === "none" && (
              <span class="muted small">This browser can't read questions aloud.</span>
            )}
          </div>
        </div>
        {sentAnswer !== null && (
          <div class="bubble candidate sent">
            <span class="who">You</span>
            <Highlighted text={sentAnswer} quotes={[]} code={current.type === "coding"} />
          </div>
        )}
        {streaming !== null && (
          <div class="streaming" aria-live="polite">
            <span class="who">Your interviewer</span>
            {streaming ? <p class="stream-text">{streaming}</p> : <p class="typing">Considering your answer…</p>}
          </div>
        )}
      </section>
      {spoken && (recogniser === "none" || recogniserProblem) && (
        <div class="room-notice">
          <Notice kind="warn">
            {recogniserProblem ??
              `Spoken answers can't be recorded here: ${support.unavailableBecause} Type your answer below instead.`}
          </Notice>
        </div>
      )}
      <Composer
        key={current.turnId}
        sessionId={id}
        prompt={current}
        questionTextId={questionTextId}
        spoken={spoken}
        recogniser={recogniser}
        keepAudio={prefs.keepAudio}
        onRecogniserFailed={setRecogniserProblem}
        onSubmit={submit}
        onSkip={skip}
        onContinue={load}
      />
      <EndDialog dialogRef={endDialog} busy={ending} onConfirm={end} />
    </div>
  );
}
