import { useEffect, useState } from "preact/hooks";
import { clock } from "../../lib/format.ts";

/** Time on the current prompt against its guideline; it turns amber, never red, when over. */
export function Timer({ startedAt, guidelineMinutes }: { startedAt: number; guidelineMinutes: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const elapsed = now - startedAt;
  const limit = guidelineMinutes * 60_000;
  const over = elapsed > limit;
  const share = Math.min(1, elapsed / limit);
  return (
    <div class={`timer${over ? " over" : ""}`}>
      <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="13" r="8" fill="none" stroke="currentColor" stroke-width="2" />
        <path d="M12 9v4l2.5 2M10 2h4" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      </svg>
      <span role="timer" aria-label="Time on this question" class="timer-clock">
        {clock(elapsed)}
      </span>
      <span class="timer-bar" aria-hidden="true">
        <span class="timer-fill" style={{ width: `${share * 100}%` }} />
      </span>
      <span class="timer-guide">
        {over ? `over the ${guidelineMinutes}-minute guideline` : `${guidelineMinutes}-minute guideline`}
      </span>
    </div>
  );
}
