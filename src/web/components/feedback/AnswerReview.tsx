import { useRef } from "preact/hooks";
import type { GradeViewT, ScorecardT } from "../../../api/schemas.ts";
import type { ClipMeta } from "../../api/client.ts";
import { Disclosure } from "../Disclosure.tsx";
import { Attempts } from "./Attempts.tsx";
import { ClipPlayer } from "./ClipPlayer.tsx";
import { DeliveryPanel } from "./Delivery.tsx";
import { Highlighted, type Quote, quoteRanges } from "./Highlighted.tsx";
import { Provenance } from "./Provenance.tsx";
import { WeakSignals } from "./WeakSignals.tsx";

type Answer = ScorecardT["answers"][number];

const KP_STATUS = {
  covered: { icon: "✓", text: "Covered" },
  partial: { icon: "◐", text: "Partly covered" },
  missed: { icon: "○", text: "Missed" },
} as const;

const anchorOf = (keyPointId: string) => `kp-${keyPointId}`;

/** Only key-point quotes are marked in the answer; competency quotes are shown beside their score. */
function quotesFor(grade: GradeViewT | null, turnId: string): Quote[] {
  if (!grade) return [];
  return grade.keyPoints.flatMap((k) =>
    k.evidence
      .filter((e) => e.turnId === turnId)
      .map((e) => ({ quote: e.quote, label: `key point: ${k.text}`, anchor: anchorOf(k.keyPointId) })),
  );
}

/** Scrolls to the first highlight that supports a key point and gives it focus (tap or keyboard). */
function showInAnswer(article: HTMLElement | null, keyPointId: string): void {
  const mark = article?.querySelector<HTMLElement>(`mark[data-anchors~="${anchorOf(keyPointId)}"]`);
  if (!mark) return;
  mark.scrollIntoView({ block: "center", behavior: "smooth" });
  mark.focus({ preventScroll: true });
  mark.classList.add("flash");
  setTimeout(() => mark.classList.remove("flash"), 1600);
}

const ENDED_EARLY = /^not answered/;

function GradeStatus({ answer }: { answer: Answer }) {
  const g = answer.grade;
  const skipped = answer.turns.every((t) => t.status !== "answered");
  if (skipped && g?.reason && ENDED_EARLY.test(g.reason)) return <span class="pill">Not answered</span>;
  if (skipped) return <span class="pill">Skipped</span>;
  if (!g || g.status === "pending" || g.status === "running") return <span class="pill accent">Grading…</span>;
  if (g.status === "ungraded") return <span class="pill warn">Not graded</span>;
  return <span class="pill ok">Graded</span>;
}

/** Key points as a segmented bar: covered, partly covered, missed. */
function Coverage({ grade }: { grade: GradeViewT }) {
  const count = (s: string) => grade.keyPoints.filter((k) => k.status === s).length;
  const covered = count("covered");
  const partial = count("partial");
  const missed = count("missed");
  const label = `Key points: ${covered} covered, ${partial} partly covered, ${missed} missed`;
  return (
    <span class="coverage" role="img" aria-label={label} title={label}>
      {grade.keyPoints.map((k) => (
        <span key={k.keyPointId} class={k.status} />
      ))}
    </span>
  );
}

function LevelDots({ level }: { level: number | null }) {
  return (
    <span class="level-dots" role="img" aria-label={level === null ? "not observed" : `level ${level} of 4`}>
      {[1, 2, 3, 4].map((i) => (
        <span key={i} class={level !== null && i <= level ? `on l${level}` : ""} />
      ))}
    </span>
  );
}

export function AnswerReview({
  sessionId,
  role,
  answer,
  roundTitle,
  clips,
  onRetry,
  retrying,
}: {
  sessionId: string;
  role: string;
  answer: Answer;
  roundTitle: string;
  clips: ClipMeta[];
  onRetry: () => void;
  retrying: boolean;
}) {
  const g = answer.grade;
  const graded = g?.status === "graded";
  const headingId = `q-${answer.questionIndex}`;
  const article = useRef<HTMLElement>(null);
  const endedBeforeAnswer = Boolean(g?.reason && ENDED_EARLY.test(g.reason));
  const isCode = answer.type === "coding";
  // Key points whose quote is actually found in the answer, so "Show in your answer" always lands.
  const marked = new Set(
    g?.keyPoints.flatMap((k) =>
      k.evidence.some((e) => {
        const text = answer.turns.find((t) => t.turnId === e.turnId)?.answer ?? "";
        return quoteRanges(text, [{ quote: e.quote, label: "" }]).length > 0;
      })
        ? [k.keyPointId]
        : [],
    ),
  );
  return (
    <article class="card answer-review" aria-labelledby={headingId} ref={article}>
      <header class="answer-head">
        <span class="eyebrow">
          Question {answer.questionIndex + 1} · {roundTitle}
        </span>
        <div class="row">
          {graded && g && <Coverage grade={g} />}
          <GradeStatus answer={answer} />
        </div>
      </header>
      <h3 id={headingId} class="question-text small-q">
        {answer.questionText}
      </h3>

      {graded && marked.size > 0 && (
        <p class="small muted legend">
          <mark>Highlighted</mark> words are what the grader quoted as evidence for a key point; each key point below
          shows its quote.
        </p>
      )}
      <div class="transcript">
        {answer.turns.map((t) => {
          const drawn = g?.keyPoints.filter((k) => k.drawnOutByTurnId === t.turnId) ?? [];
          const clip = clips.find((c) => c.turnId === t.turnId);
          return (
            <div key={t.turnId} class={`turn ${t.kind}`}>
              {t.kind === "followup" && (
                <p class="followup-prompt">
                  <span class="who">Follow-up</span>
                  {t.prompt}
                </p>
              )}
              <div class="your-words">
                <span class="who">
                  {t.status === "answered"
                    ? "Your answer"
                    : endedBeforeAnswer
                      ? "Not answered: you ended the interview here"
                      : "Skipped"}
                </span>
                {t.answer && (
                  <Highlighted
                    text={t.answer}
                    quotes={quotesFor(g, t.turnId)}
                    code={isCode}
                    idPrefix={`a${answer.questionIndex}-${t.turnId.slice(0, 8)}`}
                  />
                )}
                {t.kind === "followup" && t.status === "answered" && graded && (
                  <p class="drawn-out small">
                    {drawn.length > 0 ? (
                      <>
                        <strong>This follow-up drew out:</strong> {drawn.map((k) => k.text).join("; ")}
                      </>
                    ) : (
                      "This follow-up did not draw out a new key point."
                    )}
                  </p>
                )}
                {clip && <ClipPlayer clip={clip} />}
              </div>
              {t.delivery && <DeliveryPanel delivery={t.delivery} />}
            </div>
          );
        })}
      </div>

      {g?.status === "ungraded" && g.reason && <p class="muted">Why: {g.reason}</p>}

      {graded && g && (
        <>
          <div class="review-grid">
            <div>
              <h4>Key points</h4>
              <ul class="keypoints">
                {g.keyPoints.map((k) => (
                  <li key={k.keyPointId} class={`kp ${k.status}`}>
                    <span class="kp-icon" aria-hidden="true">
                      {KP_STATUS[k.status].icon}
                    </span>
                    <div class="kp-body">
                      <span class="kp-status">{KP_STATUS[k.status].text}</span>
                      <span>{k.text}</span>
                      {k.evidence.slice(0, 2).map((e) => (
                        <q key={e.quote} class="kp-quote">
                          {e.quote}
                        </q>
                      ))}
                      {marked.has(k.keyPointId) && (
                        <button
                          type="button"
                          class="btn quiet small-btn kp-jump"
                          onClick={() => showInAnswer(article.current, k.keyPointId)}
                        >
                          Show in your answer
                        </button>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h4>Scores</h4>
              <ul class="scores">
                {g.competencies.map((c) => (
                  <li key={c.competencyId}>
                    <div class="score-line">
                      <span>{c.name}</span>
                      <LevelDots level={c.level} />
                    </div>
                    <p class="small muted">{c.rationale}</p>
                    {c.evidence.slice(0, 1).map((e) => (
                      <q key={e.quote} class="small score-quote">
                        {e.quote}
                      </q>
                    ))}
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <div class="review-grid">
            <div>
              <h4>What was strong</h4>
              {g.strengths.length ? (
                <ul class="plain">
                  {g.strengths.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              ) : (
                <p class="muted small">Nothing stood out yet.</p>
              )}
            </div>
            <div>
              <h4>What to improve</h4>
              {g.improvements.length ? (
                <ul class="plain">
                  {g.improvements.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              ) : (
                <p class="muted small">No specific improvements.</p>
              )}
            </div>
          </div>
          {g.weakSignals.length > 0 && <WeakSignals signals={g.weakSignals} competencies={g.competencies} />}
        </>
      )}

      <Attempts questionId={answer.questionId} role={role} sessionId={sessionId} gradeStatus={g?.status} />

      {answer.modelAnswer && (
        <Disclosure
          id={`${sessionId}:model-answer:${answer.questionIndex}`}
          class="model-answer"
          summary="Model answer"
        >
          <p>{answer.modelAnswer}</p>
          {answer.commonMistakes && answer.commonMistakes.length > 0 && (
            <>
              <h4>Common mistakes</h4>
              <ul class="plain">
                {answer.commonMistakes.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </>
          )}
        </Disclosure>
      )}

      <footer class="answer-foot">
        <div>
          {g && <Provenance grade={g} />}
          {g?.notice && <p class="small muted">{g.notice}</p>}
        </div>
        <button type="button" class="btn" onClick={onRetry} disabled={retrying}>
          {retrying ? "Starting…" : "Retry this question"}
        </button>
      </footer>
    </article>
  );
}
