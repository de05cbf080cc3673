import type { GradeViewT } from "../../../api/schemas.ts";
import { when } from "../../lib/format.ts";

/** Which grader produced a grade, with every version that could change it. */
export function Provenance({ grade }: { grade: GradeViewT }) {
  if (!grade.grader) return null;
  const who =
    grade.grader === "offline" ? "the offline grader (no language model)" : `model ${grade.model ?? grade.grader}`;
  return (
    <p class="provenance small muted">
      Graded by {who} · grader {grade.graderVersion}
      {grade.promptVersion ? ` · prompt ${grade.promptVersion}` : ""} · rubric v{grade.rubricVersion}
      {grade.gradedAt ? ` · ${when(grade.gradedAt)}` : ""}
    </p>
  );
}
