import type { RoleListT, ScorecardSummaryT } from "../../../api/schemas.ts";
import { CompetencyStrip } from "../../charts/CompetencyStrip.tsx";
import { ScoreScale } from "../../charts/ScoreScale.tsx";
import { score } from "../../lib/format.ts";
import { Disclosure } from "../Disclosure.tsx";

type Rubric = RoleListT["roles"][number]["rubric"];

function tone(rec: ScorecardSummaryT["recommendation"]): string {
  if (rec === "strong-hire" || rec === "hire") return "good";
  if (rec === "lean-hire") return "fair";
  if (rec === "insufficient-evidence") return "none";
  return "low";
}

/** The recommendation, how it was derived, and a chart per competency. */
export function Summary({
  sessionId,
  sc,
  rubric,
}: {
  sessionId: string;
  sc: ScorecardSummaryT;
  rubric: Rubric | undefined;
}) {
  const done = sc.counts.graded + sc.counts.ungraded + sc.counts.skipped;
  const verdict = sc.recommendation !== "insufficient-evidence";
  return (
    <>
      <section class={`card verdict ${tone(sc.recommendation)}`} aria-labelledby="verdict-title">
        <div class="verdict-head">
          <div>
            <span class="eyebrow">Recommendation</span>
            <h2 id="verdict-title" class="verdict-label">
              {sc.state === "pending" ? "Grading in progress" : sc.recommendationLabel}
            </h2>
          </div>
          <div class="overall">
            <span class="overall-value">{score(sc.overall)}</span>
            <span class="overall-scale">{verdict ? "/ 4 overall" : "/ 4 average, no verdict"}</span>
          </div>
        </div>
        {sc.state === "pending" && (
          <div class="grading-progress">
            <label for="grading-bar" class="small muted">
              {done} of {sc.counts.questions} answers processed — grades appear here as they finish.
            </label>
            <progress id="grading-bar" max={sc.counts.questions} value={done} />
          </div>
        )}
        <ScoreScale overall={sc.overall} verdict={verdict} thresholds={sc.thresholds} />
        <Disclosure id={`${sessionId}:derivation`} class="derivation" summary="How this was derived">
          <ol>
            {sc.derivation.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ol>
        </Disclosure>
      </section>

      <section class="section" aria-labelledby="competencies-title">
        <h2 id="competencies-title">By competency</h2>
        <div class="competency-grid">
          {sc.competencies.map((c) => {
            const def = rubric?.competencies.find((x) => x.id === c.competencyId);
            const level = c.mean === null ? null : String(Math.round(c.mean));
            return (
              <div class="card competency" key={c.competencyId}>
                <div class="competency-head">
                  <h3>{c.name}</h3>
                  {c.mean === null ? (
                    <span class="pill">{sc.state === "pending" ? "waiting for grades" : "not observed"}</span>
                  ) : (
                    <span class="competency-mean">{c.mean.toFixed(1)}</span>
                  )}
                </div>
                <CompetencyStrip name={c.name} levels={c.levels} mean={c.mean} />
                <p class="small muted">
                  {level && def?.levels[level]
                    ? `Around level ${level}: ${def.levels[level]}`
                    : (def?.description ?? "No answer gave evidence for this competency.")}
                </p>
              </div>
            );
          })}
        </div>
      </section>
    </>
  );
}
