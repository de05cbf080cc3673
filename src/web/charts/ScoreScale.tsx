import { THRESHOLDS } from "../../grading/scorecard.ts";

const W = 560;
const H = 78;
const PAD = 24;
const x = (v: number) => PAD + ((v - 1) / 3) * (W - 2 * PAD);

const BAND_LABEL: Record<string, string> = {
  "strong-hire": "Strong hire",
  hire: "Hire",
  "lean-hire": "Lean hire",
  "lean-no-hire": "Lean no",
  "no-hire": "No hire",
};
const BAND_FILL: Record<string, string> = {
  "strong-hire": "#cfe3dd",
  hire: "#dcebe6",
  "lean-hire": "#e9f1ec",
  "lean-no-hire": "#f6ecdc",
  "no-hire": "#f5e1dc",
};

/** The 1–4 scale with the published recommendation bands and a marker at the overall score. */
export function ScoreScale({ overall }: { overall: number | null }) {
  const bands = [...THRESHOLDS].reverse().map((t, i, all) => ({
    rec: t.rec,
    from: Math.max(1, t.min),
    to: all[i + 1]?.min ?? 4,
  }));
  return (
    <svg class="score-scale" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="scale-title">
      <title id="scale-title">
        {overall === null
          ? "Recommendation bands on the 1 to 4 scale; no overall score yet."
          : `Overall ${overall.toFixed(2)} on the 1 to 4 scale, shown against the recommendation bands.`}
      </title>
      {bands.map((b) => (
        <g key={b.rec}>
          <rect x={x(b.from)} y={26} width={x(b.to) - x(b.from)} height={18} fill={BAND_FILL[b.rec]} />
          <text x={(x(b.from) + x(b.to)) / 2} y={18} text-anchor="middle" class="band-label">
            {BAND_LABEL[b.rec]}
          </text>
        </g>
      ))}
      {[1, 2, 3, 4].map((v) => (
        <g key={v}>
          <line x1={x(v)} x2={x(v)} y1={44} y2={50} stroke="#8a9295" />
          <text x={x(v)} y={66} text-anchor="middle" class="tick-label">
            {v}
          </text>
        </g>
      ))}
      {overall !== null && (
        <g>
          <line x1={x(overall)} x2={x(overall)} y1={22} y2={48} stroke="#1f2628" stroke-width="2.5" />
          <circle cx={x(overall)} cy={35} r={7} fill="#1f2628" stroke="#fff" stroke-width="2" />
        </g>
      )}
    </svg>
  );
}
