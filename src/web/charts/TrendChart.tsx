import { when } from "../lib/format.ts";
import { placeTimeTicks, timeDomain } from "./timeTicks.ts";

export interface TrendPoint {
  at: string;
  value: number;
}

const W = 280;
const H = 124;
const L = 26;
const R = 14;
const T = 10;
const B = 26;
const y = (v: number) => T + ((4 - v) / 3) * (H - T - B);

/** Tick labels are 12px in the drawing's units; an average character is a little over half that. */
const AXIS = { x0: L, x1: W - R, left: 2, right: W - 2, charWidth: 7, gap: 8 };

/** A competency's level across interviews, placed at their real dates (two points or more). */
export function TrendChart({ name, points }: { name: string; points: TrendPoint[] }) {
  const times = points.map((p) => Date.parse(p.at));
  const [start, end] = timeDomain(times);
  const x = (t: number) => L + ((t - start) / (end - start)) * (W - L - R);
  const ticks = placeTimeTicks(start, end, AXIS, 4);
  const path = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${x(times[i] as number).toFixed(1)} ${y(p.value).toFixed(1)}`)
    .join(" ");
  const label = `${name}: ${points.map((p) => `${when(p.at)} level ${p.value.toFixed(1)}`).join("; ")}.`;
  return (
    <svg class="trend" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {[1, 2, 3, 4].map((v) => (
        <g key={v}>
          <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} stroke="#ece8df" />
          <text x={L - 8} y={y(v) + 4} text-anchor="end" class="tick-label">
            {v}
          </text>
        </g>
      ))}
      {ticks.map((t) => (
        <g key={t.at} class="time-tick">
          <line x1={t.x} x2={t.x} y1={H - B} y2={H - B + 4} stroke="#b9b2a4" />
          <text x={t.x} y={H - 6} text-anchor="middle" class="tick-label">
            {t.label}
          </text>
        </g>
      ))}
      <path d={path} fill="none" stroke="#2f5e5a" stroke-width="2.2" stroke-linejoin="round" />
      {points.map((p, i) => (
        <circle
          key={`${p.at}-${i}`}
          cx={x(times[i] as number)}
          cy={y(p.value)}
          r={4}
          fill="#fff"
          stroke="#2f5e5a"
          stroke-width="2"
        >
          <title>
            {when(p.at)}: {p.value.toFixed(2)}
          </title>
        </circle>
      ))}
    </svg>
  );
}
