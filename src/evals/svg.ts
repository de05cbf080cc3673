import { seededRandom } from "./sampling.ts";

/** Small inline SVG charts for the HTML report; no script, no external assets. */

export const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const SERIES_COLOURS = ["#2563eb", "#d97706", "#059669", "#7c3aed", "#db2777"];

const f = (x: number) => (Math.round(x * 10) / 10).toString();

/** A heat map of counts, rows gold and columns predicted, shaded by share of the row. */
export function confusionSvg(matrix: readonly (readonly number[])[], labels: readonly string[], title: string): string {
  const cell = 48;
  const left = 70;
  const top = 50;
  const size = labels.length * cell;
  const parts: string[] = [];
  matrix.forEach((rowCounts, g) => {
    const total = rowCounts.reduce((a, b) => a + b, 0);
    rowCounts.forEach((count, p) => {
      const share = total === 0 ? 0 : count / total;
      const x = left + p * cell;
      const y = top + g * cell;
      const diagonal = g === p;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${diagonal ? "#059669" : "#dc2626"}" fill-opacity="${f(0.08 + 0.85 * share)}"><title>gold ${esc(labels[g] ?? "")}, predicted ${esc(labels[p] ?? "")}: ${count}</title></rect>`,
        `<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="13" fill="${share > 0.55 ? "#fff" : "#111"}">${count}</text>`,
      );
    });
  });
  labels.forEach((l, i) => {
    parts.push(
      `<text x="${left + i * cell + cell / 2 - 1}" y="${top - 8}" text-anchor="middle" font-size="12">${esc(l)}</text>`,
    );
    parts.push(
      `<text x="${left - 10}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="12">${esc(l)}</text>`,
    );
  });
  const w = left + size + 20;
  const h = top + size + 30;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}">` +
    `<text x="${left + size / 2}" y="16" text-anchor="middle" font-size="12" font-weight="600">predicted</text>` +
    `<text x="14" y="${top + size / 2}" text-anchor="middle" font-size="12" font-weight="600" transform="rotate(-90 14 ${top + size / 2})">gold</text>` +
    `${parts.join("")}</svg>`
  );
}

export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
}

/** Predicted (y) against gold (x) with the line of perfect agreement; points jittered to show stacks. */
export function scatterSvg(
  points: readonly ScatterPoint[],
  range: { min: number; max: number },
  title: string,
): string {
  const w = 360;
  const h = 320;
  const pad = { l: 46, r: 14, t: 14, b: 40 };
  const span = range.max - range.min || 1;
  const sx = (v: number) => pad.l + ((v - range.min) / span) * (w - pad.l - pad.r);
  const sy = (v: number) => h - pad.b - ((v - range.min) / span) * (h - pad.t - pad.b);
  const rand = seededRandom(7);
  const jitter = span * 0.015;
  const step = span <= 10 && Number.isInteger(range.min) && Number.isInteger(range.max) ? 1 : span / 4;
  const ticks = Array.from({ length: Math.round(span / step) + 1 }, (_, i) => range.min + step * i);
  const axes = ticks
    .map(
      (t) =>
        `<line x1="${f(sx(t))}" y1="${pad.t}" x2="${f(sx(t))}" y2="${h - pad.b}" stroke="#e5e7eb"/>` +
        `<line x1="${pad.l}" y1="${f(sy(t))}" x2="${w - pad.r}" y2="${f(sy(t))}" stroke="#e5e7eb"/>` +
        `<text x="${f(sx(t))}" y="${h - pad.b + 16}" text-anchor="middle" font-size="11">${f(t)}</text>` +
        `<text x="${pad.l - 6}" y="${f(sy(t) + 4)}" text-anchor="end" font-size="11">${f(t)}</text>`,
    )
    .join("");
  const dots = points
    .map((p) => {
      const x = sx(p.x + (rand() - 0.5) * 2 * jitter);
      const y = sy(p.y + (rand() - 0.5) * 2 * jitter);
      return `<circle cx="${f(x)}" cy="${f(y)}" r="3.5" fill="#2563eb" fill-opacity="0.55"><title>${esc(p.label)}: gold ${f(p.x)}, predicted ${f(p.y)}</title></circle>`;
    })
    .join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}">` +
    axes +
    `<line x1="${f(sx(range.min))}" y1="${f(sy(range.min))}" x2="${f(sx(range.max))}" y2="${f(sy(range.max))}" stroke="#6b7280" stroke-dasharray="4 3"/>` +
    dots +
    `<text x="${(pad.l + w - pad.r) / 2}" y="${h - 6}" text-anchor="middle" font-size="12" font-weight="600">gold</text>` +
    `<text x="12" y="${(pad.t + h - pad.b) / 2}" text-anchor="middle" font-size="12" font-weight="600" transform="rotate(-90 12 ${(pad.t + h - pad.b) / 2})">predicted</text>` +
    "</svg>"
  );
}

export interface BarGroup {
  label: string;
  values: (number | null)[];
  /** A reference value drawn as a tick, e.g. the agreement between the two label passes. */
  marker?: number | null;
}

/** Horizontal grouped bars on [min, max] (e.g. QWK per competency, one bar per run). */
export function barsSvg(
  groups: readonly BarGroup[],
  series: readonly string[],
  scale: { min: number; max: number },
  title: string,
): string {
  const barH = 14;
  const gap = 10;
  const left = 190;
  const w = 620;
  const plotW = w - left - 60;
  const groupH = series.length * barH + gap;
  const legendH = 24;
  const h = legendH + groups.length * groupH + 30;
  const sx = (v: number) =>
    left + ((Math.max(scale.min, Math.min(scale.max, v)) - scale.min) / (scale.max - scale.min)) * plotW;
  const parts: string[] = [];
  series.forEach((s, i) => {
    parts.push(
      `<rect x="${left + i * 150}" y="4" width="12" height="12" fill="${SERIES_COLOURS[i % SERIES_COLOURS.length]}"/>` +
        `<text x="${left + i * 150 + 18}" y="14" font-size="12">${esc(s)}</text>`,
    );
  });
  if (groups.some((g) => g.marker !== undefined && g.marker !== null)) {
    parts.push(
      `<line x1="${left + series.length * 150}" y1="4" x2="${left + series.length * 150}" y2="16" stroke="#111" stroke-width="2"/>` +
        `<text x="${left + series.length * 150 + 6}" y="14" font-size="12">people</text>`,
    );
  }
  groups.forEach((g, gi) => {
    const y0 = legendH + gi * groupH;
    parts.push(
      `<text x="${left - 8}" y="${y0 + (series.length * barH) / 2 + 4}" text-anchor="end" font-size="12">${esc(g.label)}</text>`,
    );
    g.values.forEach((v, si) => {
      const y = y0 + si * barH;
      if (v === null) {
        parts.push(`<text x="${left + 4}" y="${y + barH - 3}" font-size="11" fill="#6b7280">n/a</text>`);
        return;
      }
      const x0 = sx(Math.max(scale.min, Math.min(0, scale.max)));
      const x1 = sx(v);
      parts.push(
        `<rect x="${f(Math.min(x0, x1))}" y="${y}" width="${f(Math.max(1, Math.abs(x1 - x0)))}" height="${barH - 2}" fill="${SERIES_COLOURS[si % SERIES_COLOURS.length]}"><title>${esc(series[si] ?? "")}: ${v.toFixed(3)}</title></rect>` +
          `<text x="${f(Math.max(x0, x1) + 4)}" y="${y + barH - 3}" font-size="11">${v.toFixed(2)}</text>`,
      );
    });
    if (g.marker !== undefined && g.marker !== null) {
      const x = sx(g.marker);
      parts.push(
        `<line x1="${f(x)}" y1="${y0 - 2}" x2="${f(x)}" y2="${y0 + series.length * barH}" stroke="#111" stroke-width="2"><title>people: ${g.marker.toFixed(3)}</title></line>`,
      );
    }
  });
  const axisY = legendH + groups.length * groupH;
  const grid: string[] = [];
  // Ticks on round values (every 0.2 for a kappa scale) so zero always has a grid line.
  const tickStep = scale.max - scale.min <= 2 ? 0.2 : (scale.max - scale.min) / 4;
  const first = Math.ceil(scale.min / tickStep - 1e-9) * tickStep;
  for (let v = first; v <= scale.max + 1e-9; v += tickStep) {
    grid.push(
      `<line x1="${f(sx(v))}" y1="${legendH - 4}" x2="${f(sx(v))}" y2="${axisY}" stroke="#e5e7eb"/>` +
        `<text x="${f(sx(v))}" y="${axisY + 14}" text-anchor="middle" font-size="11">${f(v)}</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}">${grid.join("")}${parts.join("")}</svg>`;
}
