import type { DeliveryInsightsT } from "../../../api/schemas.ts";
import { duration } from "../../lib/format.ts";

const PACE_TEXT = { slow: "slow", steady: "steady", fast: "fast", unknown: "unknown" } as const;
const LENGTH_TEXT = { short: "short", within: "on time", long: "long", unknown: "unknown" } as const;

/** One line under a spoken answer in the interview room. */
export function DeliverySummary({ delivery: d }: { delivery: DeliveryInsightsT }) {
  return (
    <p class="delivery-summary small muted">
      {d.wordsPerMinute !== null ? `${d.wordsPerMinute} words/min (${PACE_TEXT[d.pace]})` : "pace unknown"} ·{" "}
      {d.fillerCount === 0 ? "no filler words" : `${d.fillerCount} filler word${d.fillerCount === 1 ? "" : "s"}`}
      {d.durationMs !== null ? ` · ${duration(d.durationMs)} spoken` : ""}
    </p>
  );
}

const GW = 240;
const GH = 46;
const MAX_WPM = 220;
const gx = (wpm: number) => 8 + (Math.min(wpm, MAX_WPM) / MAX_WPM) * (GW - 16);

function PaceGauge({ d }: { d: DeliveryInsightsT }) {
  return (
    <svg class="gauge" viewBox={`0 0 ${GW} ${GH}`} aria-hidden="true" focusable="false">
      <rect x={8} y={14} width={GW - 16} height={8} rx={4} fill="#ece8df" />
      <rect
        x={gx(d.paceRange.min)}
        y={14}
        width={gx(d.paceRange.max) - gx(d.paceRange.min)}
        height={8}
        fill="#cfe3dd"
      />
      <text x={gx(d.paceRange.min)} y={38} text-anchor="middle" class="tick-label">
        {d.paceRange.min}
      </text>
      <text x={gx(d.paceRange.max)} y={38} text-anchor="middle" class="tick-label">
        {d.paceRange.max}
      </text>
      {d.wordsPerMinute !== null && (
        <circle cx={gx(d.wordsPerMinute)} cy={18} r={7} fill="#1f2628" stroke="#fff" stroke-width="2" />
      )}
    </svg>
  );
}

function LengthBar({ d }: { d: DeliveryInsightsT }) {
  if (d.durationMs === null) return null;
  const spoken = d.durationMs / 60_000;
  const scale = Math.max(d.guidelineMinutes * 1.5, spoken);
  const w = (m: number) => 8 + (m / scale) * (GW - 16);
  return (
    <svg class="gauge" viewBox={`0 0 ${GW} ${GH}`} aria-hidden="true" focusable="false">
      <rect x={8} y={14} width={GW - 16} height={8} rx={4} fill="#ece8df" />
      <rect
        x={8}
        y={14}
        width={Math.max(2, w(spoken) - 8)}
        height={8}
        rx={4}
        fill={d.length === "within" ? "#6aa395" : "#d9a441"}
      />
      <line x1={w(d.guidelineMinutes)} x2={w(d.guidelineMinutes)} y1={8} y2={28} stroke="#1f2628" stroke-width="2" />
      <text x={w(d.guidelineMinutes)} y={40} text-anchor="middle" class="tick-label">
        {d.guidelineMinutes} min guideline
      </text>
    </svg>
  );
}

/** Pace, fillers and length of one spoken answer, as the candidate sees them after the interview. */
export function DeliveryPanel({ delivery: d }: { delivery: DeliveryInsightsT }) {
  return (
    <div class="delivery">
      <h4>Delivery</h4>
      <div class="delivery-grid">
        <div>
          <span class="metric">{d.wordsPerMinute ?? "–"}</span>
          <span class="metric-label">words per minute · {PACE_TEXT[d.pace]}</span>
          <PaceGauge d={d} />
        </div>
        <div>
          <span class="metric">{d.fillerCount}</span>
          <span class="metric-label">filler words · {d.fillersPer100Words} per 100 words</span>
          {d.fillers.length > 0 && (
            <ul class="filler-list">
              {d.fillers.map((f) => (
                <li key={f.word}>
                  “{f.word}” <span class="muted">×{f.count}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <span class="metric">{d.durationMs !== null ? duration(d.durationMs) : "–"}</span>
          <span class="metric-label">spoken · {LENGTH_TEXT[d.length]}</span>
          <LengthBar d={d} />
        </div>
      </div>
      <ul class="delivery-notes">
        {d.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
