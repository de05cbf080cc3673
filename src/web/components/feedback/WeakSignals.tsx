import type { GradeViewT } from "../../../api/schemas.ts";

/** The rubric's weak signals the grader found, each with the sentence of the answer that shows it. */
export function WeakSignals({
  signals,
  competencies,
}: {
  signals: GradeViewT["weakSignals"];
  competencies: GradeViewT["competencies"];
}) {
  const nameOf = (id: string) => competencies.find((c) => c.competencyId === id)?.name ?? id;
  return (
    <div class="weak-signals">
      <h4>Weak signals</h4>
      <ul class="plain">
        {signals.map((w) => (
          <li key={`${w.competencyId}:${w.signal}`}>
            <strong>{w.signal}</strong> <span class="small muted">({nameOf(w.competencyId)})</span>
            <blockquote class="small">{w.quote}</blockquote>
          </li>
        ))}
      </ul>
    </div>
  );
}
