import { useEffect, useState } from "preact/hooks";
import type { CreateSessionBodyT, PlanPreviewT } from "../../../api/schemas.ts";
import { api } from "../../api/client.ts";
import { explain } from "../../lib/errors.ts";
import { minutes, plural } from "../../lib/format.ts";
import { Notice } from "../Notice.tsx";
import "../../styles/plan.css";

/** After the last change, so typing a description costs one request rather than one per key. */
const DEBOUNCE_MS = 350;

interface Drawn {
  key: string;
  plan?: PlanPreviewT;
  error?: string;
}

/**
 * The questions the server will ask for these choices (the same seed draws the same plan when
 * the interview starts), their guideline time, and why a job description chose each.
 */
export function PlanPreview({
  request,
  title,
  onRedraw,
}: {
  request: CreateSessionBodyT;
  title: string;
  onRedraw: () => void;
}) {
  const key = JSON.stringify(request);
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api.previewPlan(request, ctrl.signal).then(
        (plan) => setDrawn({ key, plan }),
        (err) => {
          if ((err as Error).name !== "AbortError") setDrawn({ key, error: explain(err) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [key]);

  const current = drawn?.key === key;
  const plan = drawn?.plan;
  const tailoredNone = plan?.tailored && plan.questions.every((q) => q.reason === null);
  return (
    <section class="plan-preview" aria-labelledby="plan-title" aria-busy={!current}>
      <div class="plan-head">
        <h2 id="plan-title">Your questions</h2>
        <button type="button" class="btn quiet" onClick={onRedraw}>
          Draw other questions
        </button>
      </div>
      {drawn?.error && current ? (
        <Notice kind="error">{drawn.error}</Notice>
      ) : plan ? (
        <>
          <p class="plan-estimate" id="plan-estimate">
            {title}: roughly <strong>{plan.guidelineMinutes} minutes</strong>, the guideline time of the{" "}
            {plural(plan.questions.length, "question")} drawn for you, before follow-ups.
            {!current && <span class="muted"> Updating…</span>}
          </p>
          <ol class="plan-list">
            {plan.questions.map((q) => (
              <li key={q.questionIndex} class={q.reason ? "tailored" : undefined}>
                <span class="plan-round">{q.roundTitle}</span>{" "}
                <span class="muted small">
                  {q.type} · {q.difficulty} · {minutes(q.timeGuidelineMinutes)}
                </span>
                {q.reason && <p class="plan-reason">{q.reason}</p>}
              </li>
            ))}
          </ol>
          {tailoredNone && (
            <p class="muted small">
              Nothing in the description pointed at particular questions, so this is the usual draw.
            </p>
          )}
        </>
      ) : (
        <p class="loading">Drawing your questions…</p>
      )}
    </section>
  );
}
