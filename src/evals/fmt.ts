import type { Interval } from "./sampling.ts";

/** A statistic for display: "n/a" when it is undefined for the data. */
export const num = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);

export const pct = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${(x * 100).toFixed(digits)}%`;

export const interval = (ci: Interval | null | undefined, digits = 2): string =>
  ci ? `[${ci.low.toFixed(digits)}, ${ci.high.toFixed(digits)}]` : "";

export const signed = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${x >= 0 ? "+" : ""}${x.toFixed(digits)}`;
