import type { PlannedQuestionT } from "../../../api/schemas.ts";
import "../../styles/plan.css";

/** Why the job description chose this question, when it did. */
export function QuestionReason({ plan, index }: { plan: readonly PlannedQuestionT[]; index: number }) {
  const reason = plan[index]?.reason;
  if (!reason) return null;
  return (
    <p class="question-reason">
      <span class="eyebrow">Chosen for your job description</span> {reason}
    </p>
  );
}
