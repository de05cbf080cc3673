import { useEffect, useState } from "preact/hooks";
import type { QuestionAttemptsT } from "../../../api/schemas.ts";
import { api } from "../../api/client.ts";
import { duration, plural, when } from "../../lib/format.ts";

type Attempt = QuestionAttemptsT["attempts"][number];

/** Side by side: the newest few, so the comparison stays readable on a phone. */
const SHOWN = 3;

function Change({ by }: { by: number | null }) {
  if (by === null || by === 0) return null;
  return (
    <span class={`level-change ${by > 0 ? "up" : "down"}`}>
      {by > 0 ? `▲ +${by}` : `▼ ${by}`}
      <span class="visually-hidden"> since the attempt before</span>
    </span>
  );
}

function TimeTaken({ time }: { time: Attempt["time"] }) {
  if (!time) return null;
  return (
    <p class="small muted">
      {time.source === "answering" ? `${duration(time.ms)} speaking` : `${duration(time.ms)} on the question`}
    </p>
  );
}

function KeyPointChanges({ attempt, first }: { attempt: Attempt; first: boolean }) {
  const covered = attempt.keyPoints.filter((k) => k.status === "covered").length;
  const gained = attempt.keyPoints.filter((k) => k.change === "newly-covered");
  const lost = attempt.keyPoints.filter((k) => k.change === "lost");
  const moved = attempt.keyPoints.filter((k) => k.change === "better" || k.change === "worse");
  return (
    <>
      <p class="small">
        <strong>
          {covered} of {plural(attempt.keyPoints.length, "key point")}
        </strong>{" "}
        covered
      </p>
      {!first && gained.length + lost.length + moved.length === 0 && (
        <p class="small muted">The same key points as the attempt before.</p>
      )}
      <ul class="attempt-changes">
        {gained.map((k) => (
          <li key={k.keyPointId} class="kp-change newly-covered">
            <span class="kp-change-tag">✓ Newly covered</span> {k.text}
          </li>
        ))}
        {lost.map((k) => (
          <li key={k.keyPointId} class="kp-change lost">
            <span class="kp-change-tag">✗ Lost</span> {k.text}
          </li>
        ))}
        {moved.map((k) => (
          <li key={k.keyPointId} class={`kp-change ${k.change}`}>
            <span class="kp-change-tag">{k.change === "better" ? "◐ Now partly covered" : "○ Now missed"}</span>{" "}
            {k.text}
          </li>
        ))}
      </ul>
    </>
  );
}

function AttemptCard({ attempt, number, current }: { attempt: Attempt; number: number; current: boolean }) {
  return (
    <li class={`attempt${current ? " current" : ""}`} aria-current={current ? "true" : undefined}>
      <p class="eyebrow">
        Attempt {number}
        {current ? " · this interview" : ""}
      </p>
      <p class="attempt-when">
        <time dateTime={attempt.startedAt}>{when(attempt.startedAt)}</time>
      </p>
      <TimeTaken time={attempt.time} />
      {attempt.gradeStatus === "graded" ? (
        <>
          <ul class="attempt-levels">
            {attempt.competencies.map((c) => (
              <li key={c.competencyId}>
                <span>{c.name}</span>
                <span class="attempt-level">
                  {c.level === null ? "not observed" : `level ${c.level}`} <Change by={c.change} />
                </span>
              </li>
            ))}
          </ul>
          <KeyPointChanges attempt={attempt} first={number === 1} />
        </>
      ) : (
        <p class="small muted">{attempt.gradeStatus === "ungraded" ? "Not graded, so not compared." : "Grading…"}</p>
      )}
    </li>
  );
}

/**
 * This question's attempts across interviews, side by side (stacked on a phone): levels, key
 * points newly covered or lost since the attempt before, and the time each took.
 */
export function Attempts({
  questionId,
  role,
  sessionId,
  gradeStatus,
}: {
  questionId: string;
  role: string;
  sessionId: string;
  /** Refetched when this answer's grade changes, so the newest attempt fills in. */
  gradeStatus: string | undefined;
}) {
  const [data, setData] = useState<QuestionAttemptsT | null>(null);
  useEffect(() => {
    let live = true;
    api.attempts(questionId, role).then(
      (r) => live && setData(r),
      // The comparison is extra: without it the feedback above is complete.
      () => {},
    );
    return () => {
      live = false;
    };
  }, [questionId, role, gradeStatus]);
  const all = data?.attempts ?? [];
  if (all.length < 2) return null;
  const start = Math.max(0, all.length - SHOWN);
  const shown = all.slice(start);
  const headingId = `attempts-${sessionId.slice(0, 8)}-${questionId}`;
  return (
    <section class="attempts" aria-labelledby={headingId}>
      <h4 id={headingId}>Your attempts at this question</h4>
      <p class="small muted">
        {plural(all.length, "attempt")}, oldest first
        {start > 0 ? ` (the newest ${SHOWN} shown)` : ""}; each is compared with the graded attempt before it.
      </p>
      <ol class="attempt-list">
        {shown.map((a, i) => (
          <AttemptCard key={a.sessionId} attempt={a} number={start + i + 1} current={a.sessionId === sessionId} />
        ))}
      </ol>
    </section>
  );
}
