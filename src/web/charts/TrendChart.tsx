import { shortDate } from "../lib/format.ts";

export interface TrendPoint {
  at: string;
  value: number;
}

const W = 280;
const H = 120;
const L = 26;
const R = 10;
const T = 10;
const B = 24;
const y = (v: number) => T + ((4 - v) / 3) * (H - T - B);

/** A competency's mean across sessions, oldest to newest. */
export function TrendChart({ name, points }: { name: string; points: TrendPoint[] }) {
  const x = (i: number) => (points.length === 1 ? (L + W - R) / 2 : L + (i / (points.length - 1)) * (W - L - R));
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)} ${y(p.value).toFixed(1)}`).join(" ");
  const first = points[0];
  const last = points[points.length - 1];
  const label =
    points.length === 0
      ? `${name}: no scored sessions yet.`
      : `${name}: ${points.map((p) => `${shortDate(p.at)} ${p.value.toFixed(1)}`).join(", ")}.`;
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
      {points.length === 0 && (
        <text x={(L + W - R) / 2} y={y(2.5) + 4} text-anchor="middle" class="empty-label">
          Not scored yet
        </text>
      )}
      {points.length > 1 && <path d={path} fill="none" stroke="#2f5e5a" stroke-width="2.2" stroke-linejoin="round" />}
      {points.map((p, i) => (
        <circle key={`${p.at}-${i}`} cx={x(i)} cy={y(p.value)} r={4} fill="#fff" stroke="#2f5e5a" stroke-width="2">
          <title>
            {shortDate(p.at)}: {p.value.toFixed(2)}
          </title>
        </circle>
      ))}
      {first && (
        <text x={x(0)} y={H - 6} text-anchor={points.length === 1 ? "middle" : "start"} class="tick-label">
          {shortDate(first.at)}
        </text>
      )}
      {last && points.length > 1 && (
        <text x={x(points.length - 1)} y={H - 6} text-anchor="end" class="tick-label">
          {shortDate(last.at)}
        </text>
      )}
    </svg>
  );
}
