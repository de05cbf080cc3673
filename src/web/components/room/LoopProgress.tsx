import type { SessionViewT } from "../../../api/schemas.ts";

type Step = "answered" | "skipped" | "current" | "upcoming";

function steps(session: SessionViewT): Step[] {
  const current = session.current?.questionIndex ?? session.questionCount;
  return Array.from({ length: session.questionCount }, (_, i) => {
    if (i === current) return "current";
    if (i > current) return "upcoming";
    const thread = session.transcript.filter((t) => t.questionIndex === i);
    return thread.some((t) => t.status === "answered") ? "answered" : "skipped";
  });
}

const LABEL: Record<Step, string> = {
  answered: "answered",
  skipped: "skipped",
  current: "in progress",
  upcoming: "not started",
};

/** One segment per question of the loop. */
export function LoopProgress({ session }: { session: SessionViewT }) {
  return (
    <ol class="loop" aria-label="Progress through the interview">
      {steps(session).map((s, i) => (
        <li key={i} class={`loop-step ${s}`} aria-current={s === "current" ? "step" : undefined}>
          <span class="visually-hidden">
            Question {i + 1}: {LABEL[s]}
          </span>
        </li>
      ))}
    </ol>
  );
}
