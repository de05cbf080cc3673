import { describe, expect, it } from "vitest";
import type { Label } from "../../src/evals/format.ts";
import { passAgreement, settle } from "../../src/evals/settle.ts";

const label = (
  itemId: string,
  c: Record<string, 1 | 2 | 3 | 4 | null>,
  k: Record<string, "covered" | "partial" | "missed">,
): Label => ({
  itemId,
  competencies: c,
  keyPoints: k,
  rationale: `label for ${itemId}`,
});

const passA = [
  label("i1", { a: 3, b: 2 }, { k1: "covered", k2: "missed" }),
  label("i2", { a: 1, b: null }, { k1: "missed", k2: "missed" }),
  label("i3", { a: 4, b: 4 }, { k1: "covered", k2: "covered" }),
];
const passB = [
  label("i1", { a: 3, b: 3 }, { k1: "covered", k2: "missed" }),
  label("i2", { a: 1, b: 1 }, { k1: "partial", k2: "missed" }),
  label("i3", { a: 4, b: 4 }, { k1: "covered", k2: "covered" }),
];

describe("settling two label passes", () => {
  it("keeps agreed values, lists disagreements and leaves unsettled items out of gold", () => {
    const r = settle(passA, passB, []);
    expect(r.gold.map((g) => g.itemId)).toEqual(["i3"]);
    expect(r.open).toEqual([
      { itemId: "i1", field: "competencies.b", a: 2, b: 3 },
      { itemId: "i2", field: "competencies.b", a: null, b: 1 },
      { itemId: "i2", field: "keyPoints.k1", a: "missed", b: "partial" },
    ]);
  });

  it("applies settlements and records each decision", () => {
    const r = settle(passA, passB, [
      { itemId: "i1", field: "competencies.b", final: 3, note: "the trade-off is explained" },
      { itemId: "i2", field: "competencies.b", final: 1, note: "asked for and not shown" },
      { itemId: "i2", field: "keyPoints.k1", final: "missed", note: "only a buzzword" },
      { itemId: "i3", field: "competencies.a", final: 2, note: "stale" },
    ]);
    expect(r.open).toEqual([]);
    const i1 = r.gold.find((g) => g.itemId === "i1");
    expect(i1?.competencies).toEqual({ a: 3, b: 3 });
    expect(i1?.settled).toEqual([
      { field: "competencies.b", a: 2, b: 3, final: 3, note: "the trade-off is explained" },
    ]);
    expect(r.gold.find((g) => g.itemId === "i2")?.keyPoints.k1).toBe("missed");
    expect(r.warnings).toEqual(["i3: settlement for competencies.a matches no current disagreement"]);
  });

  it("refuses a settlement whose value is of the wrong kind", () => {
    const r = settle(passA, passB, [{ itemId: "i1", field: "competencies.b", final: "covered", note: "typo" }]);
    expect(r.gold.some((g) => g.itemId === "i1")).toBe(false);
    expect(r.warnings[0]).toMatch(/wrong kind/);
  });

  it("measures agreement between the passes", () => {
    const a = passAgreement(passA, passB);
    expect(a.items).toBe(3);
    // competency b: pairs (2,3) and (4,4) with levels in both; one null mismatch
    expect(a.byCompetency.b).toMatchObject({ n: 2, exact: 0.5, withinOne: 1, nullMismatch: 1 });
    expect(a.byCompetency.a).toMatchObject({ n: 3, exact: 1, qwk: 1 });
    expect(a.keyPoints).toEqual({ n: 6, exact: 5 / 6, found: 5 / 6 });
  });
});
