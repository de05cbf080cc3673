import type { TranscriptTurnT } from "../../../api/schemas.ts";
import { DeliverySummary } from "../feedback/Delivery.tsx";
import { Highlighted } from "../feedback/Highlighted.tsx";

/** The earlier exchanges on the current question: the question, the answers, the follow-ups. */
export function Thread({ turns, code }: { turns: TranscriptTurnT[]; code: boolean }) {
  if (turns.length === 0) return null;
  return (
    <ol class="thread" aria-label="Earlier in this question">
      {turns.map((t) => (
        <li key={t.turnId} class="exchange">
          <p class="bubble interviewer">
            <span class="who">{t.kind === "followup" ? "Follow-up" : "Question"}</span>
            {t.prompt}
          </p>
          <div class="bubble candidate">
            <span class="who">You</span>
            {t.status === "skipped" ? <em>Skipped</em> : <Highlighted text={t.answer ?? ""} quotes={[]} code={code} />}
            {t.delivery && <DeliverySummary delivery={t.delivery} />}
          </div>
        </li>
      ))}
    </ol>
  );
}
