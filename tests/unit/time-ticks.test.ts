import { describe, expect, it } from "vitest";
import { placeTimeTicks, timeDomain, timeSpanLabel, timeTicks } from "../../src/web/charts/timeTicks.ts";

// Local-time constructors, so the expectations hold in any time zone the suite runs in.
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const labels = (start: number, end: number, max = 4) => timeTicks(start, end, max, "en-US").map((t) => t.label);

describe("timeTicks", () => {
  it("labels two sessions on one day with times, never the same date twice", () => {
    const [lo, hi] = timeDomain([local(2024, 12, 2, 14, 5), local(2024, 12, 2, 15, 40)]);
    const got = labels(lo, hi);
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(new Set(got).size).toBe(got.length);
    expect(got.every((l) => /^\d{1,2}:\d\d/.test(l))).toBe(true);
  });

  it("gives points a minute apart a scale of minutes", () => {
    const [lo, hi] = timeDomain([local(2024, 12, 2, 14, 5), local(2024, 12, 2, 14, 6)]);
    const ticks = timeTicks(lo, hi, 4, "en-US");
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    const gap = (ticks[1]?.at ?? 0) - (ticks[0]?.at ?? 0);
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThanOrEqual(15 * 60_000);
    expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
  });

  it("steps by days over a week and by months over a year", () => {
    expect(labels(local(2024, 12, 2, 9), local(2024, 12, 8, 18))).toEqual(["Dec 4", "Dec 6", "Dec 8"]);
    expect(labels(local(2024, 1, 10), local(2024, 12, 20))).toEqual(["Apr 2024", "Jul", "Oct"]);
  });

  it("marks a new day at midnight when a time scale crosses it", () => {
    const got = labels(local(2024, 12, 2, 20), local(2024, 12, 3, 4));
    expect(got).toContain("Dec 3");
    expect(new Set(got).size).toBe(got.length);
  });

  it("keeps ticks inside the range, ascending, at most maxTicks, and distinct at every span", () => {
    const start = local(2023, 11, 28, 13, 17);
    for (const span of [20, 90, 600, 1_440, 4_000, 20_000, 100_000, 500_000, 2_000_000]) {
      for (const max of [2, 3, 4, 6]) {
        const end = start + span * 60_000;
        const ticks = timeTicks(start, end, max, "en-US");
        expect(ticks.length, `${span} min, max ${max}`).toBeGreaterThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(max);
        for (const [i, t] of ticks.entries()) {
          expect(t.at).toBeGreaterThanOrEqual(start);
          expect(t.at).toBeLessThanOrEqual(end);
          if (i > 0) expect(t.at).toBeGreaterThan(ticks[i - 1]?.at ?? 0);
        }
        expect(new Set(ticks.map((t) => t.label)).size, ticks.map((t) => t.label).join(" | ")).toBe(ticks.length);
      }
    }
  });

  it("has nothing to mark on an empty range", () => {
    expect(timeTicks(5, 5)).toEqual([]);
    expect(timeTicks(10, 5)).toEqual([]);
  });
});

describe("timeDomain", () => {
  it("widens the points' range on both sides, by at least ten minutes", () => {
    const t = local(2024, 12, 2, 14);
    expect(timeDomain([t, t])).toEqual([t - 600_000, t + 600_000]);
    const [lo, hi] = timeDomain([t, t + 100 * 60_000]);
    expect(lo).toBe(t - 600_000);
    expect(hi).toBe(t + 100 * 60_000 + 600_000);
    const wide = timeDomain([t, t + 10 * 86_400_000]);
    expect(wide[0]).toBeLessThan(t - 600_000);
  });
});

describe("placeTimeTicks", () => {
  const axis = { x0: 26, x1: 266, left: 2, right: 278, charWidth: 7, gap: 8 };

  it("keeps centred labels inside the frame and apart, at every span", () => {
    const start = local(2024, 12, 2, 14, 5);
    for (const span of [1, 20, 95, 700, 1_500, 3_000, 9_000, 40_000, 200_000, 900_000]) {
      const [lo, hi] = timeDomain([start, start + span * 60_000]);
      const ticks = placeTimeTicks(lo, hi, axis, 4, "en-US");
      const where = `${span} min: ${ticks.map((t) => `${t.label}@${t.x.toFixed(0)}`).join(" | ")}`;
      expect(ticks.length, where).toBeGreaterThanOrEqual(2);
      expect(new Set(ticks.map((t) => t.label)).size, where).toBe(ticks.length);
      for (const [i, t] of ticks.entries()) {
        const half = (t.label.length * axis.charWidth) / 2;
        expect(t.x - half, where).toBeGreaterThanOrEqual(axis.left);
        expect(t.x + half, where).toBeLessThanOrEqual(axis.right);
        const prev = ticks[i - 1];
        if (prev)
          expect(prev.x + (prev.label.length * axis.charWidth) / 2 + axis.gap, where).toBeLessThanOrEqual(t.x - half);
      }
    }
  });

  it("places each tick where its time falls on the axis", () => {
    const lo = local(2024, 12, 2, 12);
    const hi = local(2024, 12, 2, 18);
    for (const t of placeTimeTicks(lo, hi, axis, 4, "en-US")) {
      expect(t.x).toBeCloseTo(axis.x0 + ((t.at - lo) / (hi - lo)) * (axis.x1 - axis.x0), 6);
    }
  });
});

// Newer ICU data puts a narrow no-break space before AM/PM.
const spaced = (s: string) => s.replace(/\s/g, " ");

describe("timeSpanLabel", () => {
  it("names the day once for a same-day span, both days otherwise", () => {
    expect(spaced(timeSpanLabel(local(2024, 12, 2, 14, 5), local(2024, 12, 2, 15, 40), "en-US"))).toBe(
      "Dec 2, 2024, 2:05 PM to 3:40 PM",
    );
    expect(spaced(timeSpanLabel(local(2024, 12, 2, 14, 5), local(2024, 12, 9, 9, 0), "en-US"))).toBe(
      "Dec 2, 2024, 2:05 PM to Dec 9, 2024, 9:00 AM",
    );
  });
});
