/*
 * Tick marks for a time axis: evenly spaced at a round step (minutes, hours, days, months or
 * years) chosen from the date range, so the labels never repeat. Pure: times in, ticks out.
 */

export interface TimeTick {
  at: number;
  label: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Step = { unit: "minute" | "day" | "month" | "year"; n: number; approxMs: number };

const STEPS: Step[] = [
  ...[5, 10, 15, 30, 60, 120, 180, 360, 720].map((n) => ({ unit: "minute" as const, n, approxMs: n * MINUTE })),
  ...[1, 2, 7, 14].map((n) => ({ unit: "day" as const, n, approxMs: n * DAY })),
  ...[1, 3, 6].map((n) => ({ unit: "month" as const, n, approxMs: n * 30 * DAY })),
  ...[1, 2, 5, 10, 25, 50, 100].map((n) => ({ unit: "year" as const, n, approxMs: n * 365 * DAY })),
];

/** Every step-aligned instant in [start, end], in local time (so a day starts at local midnight). */
function ticksAt(step: Step, start: number, end: number): number[] {
  const s = new Date(start);
  const out: number[] = [];
  // Each candidate is rebuilt from calendar fields, so daylight-saving days and month lengths are right.
  const at = (k: number): number => {
    if (step.unit === "minute") return new Date(s.getFullYear(), s.getMonth(), s.getDate(), 0, k * step.n).getTime();
    if (step.unit === "day") return new Date(s.getFullYear(), s.getMonth(), s.getDate() + k * step.n).getTime();
    if (step.unit === "month") {
      const first = s.getMonth() - (s.getMonth() % step.n);
      return new Date(s.getFullYear(), first + k * step.n, 1).getTime();
    }
    return new Date(s.getFullYear() - (s.getFullYear() % step.n) + k * step.n, 0, 1).getTime();
  };
  for (let k = 0; out.length <= 1000; k++) {
    const t = at(k);
    if (t > end) break;
    if (t >= start) out.push(t);
  }
  return out;
}

function formatters(locale: string | undefined) {
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" });
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
  const month = new Intl.DateTimeFormat(locale, { month: "short" });
  const monthYear = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric" });
  const year = new Intl.DateTimeFormat(locale, { year: "numeric" });
  const dayYear = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" });
  return {
    /** The short label; where two ticks would share one, the full label is used instead. */
    short(step: Step, t: number, first: boolean): string {
      const d = new Date(t);
      // The day of a time scale is in the chart's caption; a tick at midnight says which day begins.
      if (step.unit === "minute") return d.getHours() === 0 && d.getMinutes() === 0 ? day.format(d) : time.format(d);
      if (step.unit === "day") return day.format(d);
      if (step.unit === "month") return d.getMonth() === 0 || first ? monthYear.format(d) : month.format(d);
      return year.format(d);
    },
    full(step: Step, t: number): string {
      const d = new Date(t);
      if (step.unit === "minute") return `${day.format(d)}, ${time.format(d)}`;
      if (step.unit === "day") return dayYear.format(d);
      if (step.unit === "month") return monthYear.format(d);
      return year.format(d);
    },
  };
}

/**
 * At most `maxTicks` ticks inside [start, end] (milliseconds), at the finest round step that fits.
 * Labels are distinct: times within a day (a new day named at its midnight), dates across days,
 * months or years beyond that.
 */
export function timeTicks(start: number, end: number, maxTicks = 4, locale?: string): TimeTick[] {
  if (!(end > start) || maxTicks < 1) return [];
  const fmt = formatters(locale);
  for (const step of STEPS) {
    if ((end - start) / step.approxMs > maxTicks + 1) continue;
    const at = ticksAt(step, start, end);
    if (at.length === 0 || at.length > maxTicks) continue;
    const short = at.map((t, i) => fmt.short(step, t, i === 0));
    return at.map((t, i) => ({
      at: t,
      label:
        short.indexOf(short[i] as string) === short.lastIndexOf(short[i] as string)
          ? (short[i] as string)
          : fmt.full(step, t),
    }));
  }
  return [];
}

/**
 * The span a trend chart shows: the points' range widened a little on both sides (at least ten
 * minutes), so points at the ends are not on the frame and same-minute points still get a scale.
 */
export function timeDomain(times: number[]): [number, number] {
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const pad = Math.max((hi - lo) * 0.06, 10 * MINUTE);
  return [lo - pad, hi + pad];
}

export interface AxisGeometry {
  /** Where the domain's start and end fall on the drawing. */
  x0: number;
  x1: number;
  /** How far labels may reach on either side. */
  left: number;
  right: number;
  /** Estimated width of one label character, and the least space between two labels. */
  charWidth: number;
  gap: number;
}

export interface PlacedTick extends TimeTick {
  x: number;
}

const widthOf = (t: TimeTick, g: AxisGeometry) => t.label.length * g.charWidth;

function fits(ticks: PlacedTick[], g: AxisGeometry): boolean {
  return ticks.every((t, i) => {
    const half = widthOf(t, g) / 2;
    if (t.x - half < g.left || t.x + half > g.right) return false;
    const prev = ticks[i - 1];
    return !prev || prev.x + widthOf(prev, g) / 2 + g.gap <= t.x - half;
  });
}

/**
 * Ticks for a drawn axis: centred labels that stay inside the frame and never overlap (by the
 * estimated label width), as many as fit up to `maxTicks`.
 */
export function placeTimeTicks(
  start: number,
  end: number,
  g: AxisGeometry,
  maxTicks = 4,
  locale?: string,
): PlacedTick[] {
  if (!(end > start) || !(g.x1 > g.x0)) return [];
  const x = (t: number) => g.x0 + ((t - start) / (end - start)) * (g.x1 - g.x0);
  const time = (px: number) => start + ((px - g.x0) / (g.x1 - g.x0)) * (end - start);
  for (let max = maxTicks; max >= 1; max--) {
    // Keep label centres half a label from the frame; the first guess is refined by the labels found.
    let half = 4 * g.charWidth;
    for (let pass = 0; pass < 2; pass++) {
      const lo = time(Math.max(g.x0, g.left + half));
      const hi = time(Math.min(g.x1, g.right - half));
      const placed = timeTicks(lo, hi, max, locale).map((t) => ({ ...t, x: x(t.at) }));
      if (placed.length > 0 && fits(placed, g)) return placed;
      half = Math.max(half, ...placed.map((t) => widthOf(t, g) / 2));
    }
  }
  return [];
}

/** "Dec 2, 2024, 2:05 PM to 3:40 PM", or with both dates when the span crosses days. */
export function timeSpanLabel(from: number, to: number, locale?: string): string {
  const date = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" });
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
  const a = new Date(from);
  const b = new Date(to);
  if (date.format(a) === date.format(b)) return `${date.format(a)}, ${time.format(a)} to ${time.format(b)}`;
  return `${date.format(a)}, ${time.format(a)} to ${date.format(b)}, ${time.format(b)}`;
}
