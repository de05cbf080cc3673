const W = 240;
const H = 62;
// Wide enough that a stack of level-1 dots (offset up to 22 px) is not cut at the left edge.
const PAD = 28;
const x = (v: number) => PAD + ((v - 1) / 3) * (W - 2 * PAD);
const LEVEL_FILL = ["", "#c4594c", "#d9a441", "#6aa395", "#2f5e5a"];

/** One competency: a dot per scored answer on the 1–4 scale, and the mean as a bar with a marker. */
export function CompetencyStrip({ name, levels, mean }: { name: string; levels: number[]; mean: number | null }) {
  const stacks = new Map<number, number>();
  const dots = levels.map((level) => {
    const n = stacks.get(level) ?? 0;
    stacks.set(level, n + 1);
    return { level, row: n };
  });
  const summary =
    mean === null
      ? `${name}: not observed in any graded answer.`
      : `${name}: levels ${levels.join(", ")} across ${levels.length} answer${levels.length === 1 ? "" : "s"}, mean ${mean.toFixed(2)} of 4.`;
  return (
    <svg class="strip" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
      {[1, 2, 3, 4].map((v) => (
        <line key={v} x1={x(v)} x2={x(v)} y1={8} y2={40} stroke="#ece8df" />
      ))}
      <rect x={PAD} y={36} width={W - 2 * PAD} height={7} rx={3.5} fill="#ece8df" />
      {mean !== null && <rect x={PAD} y={36} width={x(mean) - PAD} height={7} rx={3.5} fill="#2f5e5a" />}
      {[1, 2, 3, 4].map((v) => (
        <text key={v} x={x(v)} y={58} text-anchor="middle" class="tick-label">
          {v}
        </text>
      ))}
      {dots.map((d, i) => (
        <circle
          key={i}
          cx={x(d.level) + (d.row % 2 === 0 ? 1 : -1) * Math.ceil((d.row % 5) / 2) * 11}
          cy={24 - Math.floor(d.row / 5) * 11}
          r={5.5}
          fill={LEVEL_FILL[d.level]}
          stroke="#fff"
          stroke-width="1.5"
        />
      ))}
    </svg>
  );
}
