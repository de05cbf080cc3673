import type { ScorecardSummaryT } from "../../api/schemas.ts";

type Thresholds = ScorecardSummaryT["thresholds"];

const W = 560;
const H = 78;
const PAD = 24;
const x = (v: number) => PAD + ((v - 1) / 3) * (W - 2 * PAD);

const BAND_FILL: Record<Thresholds[number]["recommendation"], string> = {
  "strong-hire": "#cfe3dd",
  hire: "#dcebe6",
  "lean-hire": "#e9f1ec",
  "lean-no-hire": "#f6ecdc",
  "no-hire": "#f5e1dc",
};

/** The scorecard's published thresholds (highest first) as bands on the 1–4 scale, lowest first. */
const bandsOf = (thresholds: Thresholds) =>
  [...thresholds].reverse().map((t, i, all) => ({
    rec: t.recommendation,
    label: t.label,
    from: Math.max(1, t.min),
    to: all[i + 1]?.min ?? 4,
  }));

/**
 * The 1–4 scale with a marker at the overall score. With a verdict it shows the published
 * recommendation bands (and, on phones where the labels would be too small, a legend below);
 * without one it shows the bare scale, so a score never looks like a verdict it isn't.
 */
export function ScoreScale({
  overall,
  verdict,
  thresholds,
}: {
  overall: number | null;
  verdict: boolean;
  thresholds: Thresholds;
}) {
  const bands = bandsOf(thresholds);
  const title =
    overall === null
      ? "The 1 to 4 scale; no overall score yet."
      : verdict
        ? `Overall ${overall.toFixed(2)} on the 1 to 4 scale, shown against the recommendation bands.`
        : `Average level ${overall.toFixed(2)} on the 1 to 4 scale; too little evidence for a recommendation band.`;
  return (
    <>
      <svg class="score-scale" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="scale-title">
        <title id="scale-title">{title}</title>
        {verdict ? (
          bands.map((b) => (
            <g key={b.rec}>
              <rect x={x(b.from)} y={26} width={x(b.to) - x(b.from)} height={18} fill={BAND_FILL[b.rec]} />
              <text x={(x(b.from) + x(b.to)) / 2} y={18} text-anchor="middle" class="band-label">
                {b.label}
              </text>
            </g>
          ))
        ) : (
          <rect x={x(1)} y={30} width={x(4) - x(1)} height={10} rx={5} fill="#ece8df" />
        )}
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
            <circle
              cx={x(overall)}
              cy={35}
              r={7}
              fill={verdict ? "#1f2628" : "#fff"}
              stroke="#1f2628"
              stroke-width="2"
            />
          </g>
        )}
      </svg>
      {verdict && (
        <ul class="scale-legend small">
          {[...bands].reverse().map((b) => (
            <li key={b.rec}>
              <span class={`swatch ${b.rec}`} />
              {b.label} {b.rec === "no-hire" ? `below ${b.to}` : `from ${b.from}`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
