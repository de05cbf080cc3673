import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/evals/compare.ts";
import { evaluate } from "../../src/evals/evaluate.ts";
import { mapPool } from "../../src/evals/pool.ts";
import { htmlReport, markdownToHtml } from "../../src/evals/report-html.ts";
import { comparisonMarkdown, markdownReport } from "../../src/evals/report-markdown.ts";
import type { ItemResult, RubricItemResult } from "../../src/evals/results.ts";
import { headline, type RunRecord } from "../../src/evals/store.ts";
import { checkThresholds, metricValue, thresholdsFor } from "../../src/evals/thresholds.ts";
import { genericResult } from "../support/eval-results.ts";

type L = 1 | 2 | 3 | 4;
function rubric(id: string, pred: [L, L], gold: [L, L], extra: Partial<RubricItemResult> = {}): RubricItemResult {
  const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
  return {
    kind: "rubric",
    itemId: id,
    dataset: "eval-set",
    repeat: 0,
    questionId: "q",
    round: id.startsWith("c") ? "coding" : "ml-fundamentals",
    quality: "adequate",
    style: "terse",
    split: "dev",
    category: null,
    adversarial: null,
    predicted: { competencies: { a: pred[0], b: pred[1] }, keyPoints: { k: pred[0] >= 3 ? "covered" : "missed" } },
    gold: { competencies: { a: gold[0], b: gold[1] }, keyPoints: { k: gold[0] >= 3 ? "covered" : "missed" } },
    score: mean(pred),
    goldScore: mean(gold),
    cached: false,
    latencyMs: 1,
    error: null,
    ...extra,
  };
}
const generic = genericResult;

const items: ItemResult[] = [
  rubric("m1", [1, 2], [1, 2]),
  rubric("m2", [2, 3], [2, 2]),
  rubric("c1", [3, 4], [4, 4]),
  rubric("c2", [4, 4], [3, 4]),
  rubric("adv1", [3, 1], [1, 1], { adversarial: { kind: "injection", cap: 1 } }),
  rubric("err", [1, 1], [1, 1], { predicted: null, score: null, error: "timeout" }),
  generic("g1", 1, 0),
  generic("g2", 3, 4),
  generic("g3", 5, 5),
];

describe("run metrics", () => {
  const m = evaluate(items, { resamples: 200 });

  it("pools every labelled competency pair of the first repeat", () => {
    // pairs (pred, gold): m1 (1,1)(2,2) m2 (2,2)(3,2) c1 (3,4)(4,4) c2 (4,3)(4,4) adv1 (3,1)(1,1)
    expect(m.overall?.n).toBe(10);
    expect(m.overall?.exact).toBeCloseTo(6 / 10, 10);
    expect(m.overall?.mae).toBeCloseTo((0 + 0 + 0 + 1 + 1 + 0 + 1 + 0 + 2 + 0) / 10, 10);
    expect(m.overall?.bias).toBeCloseTo((1 - 1 + 1 + 2) / 10, 10);
    // gold 1: m1.a predicted 1, adv1.a predicted 3, adv1.b predicted 1
    expect(m.overall?.confusion[0]).toEqual([2, 0, 1, 0]);
    expect(m.counts).toMatchObject({ results: 9, errors: 1, rubricItems: 6, genericItems: 3, unlabelled: 0 });
  });

  it("groups by competency and round", () => {
    expect(m.byCompetency.a?.n).toBe(5);
    expect(m.byCompetency.b?.exact).toBeCloseTo(4 / 5, 10);
    expect(Object.keys(m.byRound)).toEqual(["coding", "ml-fundamentals"]);
    expect(m.byRound.coding?.n).toBe(4);
  });

  it("lists adversarial items over their cap", () => {
    expect(m.adversarial).toMatchObject({ n: 1, passed: 0, passRate: 0 });
    expect(m.adversarial?.overCap).toEqual([{ itemId: "adv1", kind: "injection", cap: 1, maxLevel: 3, repeat: 0 }]);
  });

  it("scores generic datasets on their own scale", () => {
    // errors 1, -1, 0
    expect(m.generic.g?.mae).toBeCloseTo(2 / 3, 10);
    expect(m.generic.g?.rmse).toBeCloseTo(Math.sqrt(2 / 3), 10);
    expect(m.generic.g?.bias).toBeCloseTo(0, 10);
  });

  it("measures consistency only when there are repeats", () => {
    expect(m.consistency).toBeNull();
    const again = items.map((r) => ({ ...r, repeat: 1 }) as ItemResult);
    const withRepeat = evaluate([...items, ...again], { resamples: 50 });
    expect(withRepeat.consistency?.levels?.identical).toBe(1);
    expect(withRepeat.overall?.n).toBe(10);
  });

  it("gates on thresholds, failing metrics that were not computed", () => {
    expect(metricValue(m, "overall.exact")).toBeCloseTo(0.6, 10);
    expect(metricValue(m, "byCompetency.b.exact")).toBeCloseTo(0.8, 10);
    expect(metricValue(m, "nope.qwk")).toBeUndefined();
    const file = {
      graders: {
        offline: { min: { "overall.exact": 0.5 }, max: { "overall.mae": 1 } },
        "llm@m1": { min: { "overall.exact": 0.9, "nope.qwk": 0 }, max: {} },
      },
    };
    const offline = { id: "offline", version: "1", model: null, promptVersion: null };
    expect(checkThresholds(m, thresholdsFor(file, offline)).passed).toBe(true);
    const llm = checkThresholds(m, thresholdsFor(file, { ...offline, id: "llm", model: "m1" }));
    expect(llm.appliedTo).toBe("llm@m1");
    expect(llm.passed).toBe(false);
    expect(llm.checks.filter((c) => !c.ok).map((c) => c.metric)).toEqual(["overall.exact", "nope.qwk"]);
    expect(checkThresholds(m, thresholdsFor(file, { ...offline, id: "llm", model: "m2" })).passed).toBeNull();
  });
});

const record = (list: ItemResult[], label: string): RunRecord => ({
  id: null,
  label,
  grader: { id: "offline", version: "1", model: null, promptVersion: null },
  rubricVersion: 1,
  datasets: [],
  config: {},
  metrics: evaluate(list, { resamples: 100 }),
  gate: { appliedTo: null, passed: null, checks: [] },
  itemCount: list.length,
  durationMs: 5,
  createdAt: new Date(0).toISOString(),
  items: list,
});

describe("comparing runs", () => {
  it("reports zero difference with a zero-width interval for identical runs", () => {
    const c = compareRuns(record(items, "a"), record(items, "b"), { resamples: 100 });
    const exact = c.rows.find((r) => r.metric === "dev.overall.exact");
    expect(exact).toMatchObject({ a: 0.6, b: 0.6, diff: 0, ci: { low: 0, high: 0 } });
    expect(c.rows.find((r) => r.metric === "test.overall.exact")).toBeUndefined();
    expect(c.commonItems).toBe(9);
  });

  it("shows a better run as a positive difference on the shared items", () => {
    const perfect = items.map((r) => (r.kind === "rubric" && r.gold ? { ...r, predicted: { ...r.gold } } : r));
    const c = compareRuns(record(items, "a"), record(perfect.slice(0, -1), "b"), { resamples: 200 });
    const exact = c.rows.find((r) => r.metric === "dev.overall.exact");
    expect(exact?.b).toBe(1);
    expect(exact?.diff).toBeCloseTo(0.4, 10);
    expect(exact?.ci?.low).toBeGreaterThanOrEqual(0);
    expect(c.onlyA).toBe(1);
    expect(comparisonMarkdown(c)).toMatch(/dev\.overall\.exact \| 0\.600 \| 1\.000 \| \+0\.400/);
    // a's generic errors are +1, -1, 0 (bias 0); b scores every generic item 1 above gold.
    const biased = items.map((r) => (r.kind === "generic" ? { ...r, score: (r.goldScore as number) + 1 } : r));
    const cb = compareRuns(record(items, "a"), record(biased, "b"), { resamples: 50 });
    expect(cb.rows.find((r) => r.metric === "generic.g.absBias")).toMatchObject({ a: 0, b: 1, diff: 1 });
  });

  it("compares agreement only on items both runs had gold labels for", () => {
    // In run a, m2 had no gold label yet; in b it has one.
    const earlier = items.map((r) => (r.kind === "rubric" && r.itemId === "m2" ? { ...r, gold: null } : r));
    const c = compareRuns(record(earlier, "a"), record(items, "b"), { resamples: 50 });
    const exact = c.rows.find((r) => r.metric === "dev.overall.exact");
    // Without m2 both runs agree on 5 of 8 pairs; counting m2 for b alone would give b 6 of 10.
    expect(exact).toMatchObject({ a: 5 / 8, b: 5 / 8, diff: 0 });
  });
});

describe("the held-out split and categories", () => {
  const split: ItemResult[] = [
    rubric("t1", [4, 4], [4, 4], { split: "test", category: "shallow-mention" }),
    rubric("t2", [3, 2], [1, 1], { split: "test", category: "shallow-mention" }),
    rubric("t3", [2, 2], [2, 2], { split: "test", category: "shallow-mention", gold: null, goldScore: null }),
    rubric("d1", [1, 2], [1, 2], { split: "dev", category: "strong-paraphrase" }),
    rubric("d2", [2, 3], [3, 3], { questionId: "q2" }),
  ];
  const m = evaluate(split, { resamples: 50 });

  it("computes every block for test and dev apart, and keeps the pooled form", () => {
    expect(m.test.items).toBe(3);
    expect(m.dev.items).toBe(2);
    expect(m.dev.questions).toBe(2);
    expect(m.test.overall?.n).toBe(4);
    expect(m.dev.overall?.n).toBe(4);
    expect(m.overall?.n).toBe(8);
    expect(m.test.overall?.exact).toBeCloseTo(2 / 4, 10);
    expect(metricValue(m, "test.overall.exact")).toBeCloseTo(0.5, 10);
    expect(metricValue(m, "dev.overall.exact")).toBeCloseTo(3 / 4, 10);
  });

  it("reports each category's item level: mean over items and share of items at 3 or more", () => {
    // test shallow-mention item levels: t1 4, t2 2.5, t3 2 (unlabelled items count too)
    const shallow = m.test.byCategory["shallow-mention"]?.itemLevel;
    expect(shallow?.n).toBe(3);
    expect(shallow?.mean).toBeCloseTo((4 + 2.5 + 2) / 3, 10);
    expect(shallow?.shareAtLeast3).toBeCloseTo(1 / 3, 10);
    expect(shallow?.gold).toEqual({ n: 2, mean: 2.5, shareAtLeast3: 0.5 });
    expect(m.test.byCategory["shallow-mention"]?.n).toBe(4);
    expect(Object.keys(m.dev.byCategory)).toEqual(["strong-paraphrase"]);
    expect(metricValue(m, "test.byCategory.shallow-mention.itemLevel.shareAtLeast3")).toBeCloseTo(1 / 3, 10);
  });

  it("takes the run list's headline from the test split when there is one", () => {
    expect(headline(m as unknown as Record<string, unknown>)).toMatchObject({
      split: "test",
      qwk: m.test.overall?.qwk,
      exact: 0.5,
    });
    const noTest = evaluate(
      split.map((r) => ({ ...r, split: "dev" }) as ItemResult),
      { resamples: 20 },
    );
    expect(headline(noTest as unknown as Record<string, unknown>)).toMatchObject({ split: "all", exact: 5 / 8 });
  });

  it("shows both splits and the categories in the Markdown report", () => {
    const md = markdownReport([record(split, "split run")]);
    expect(md).toContain("**test** 3 items over 1 questions, dev 2 items over 2 questions");
    expect(md).toContain("| metric | test | dev |");
    expect(md).toContain("| shallow-mention | 3 | 2.83 (2.50) | 33% (50%) | 0 |  |  |");
  });
});

describe("reports", () => {
  const run = record(items, "offline test");
  it("writes Markdown with every section", () => {
    const md = markdownReport([run]);
    for (const h of [
      "Per competency",
      "Per round",
      "Per quality level",
      "Confusion matrices",
      "Key points",
      "Adversarial",
      "Generic datasets",
      "Thresholds",
    ]) {
      expect(md).toContain(h);
    }
    expect(md).toContain("| adv1 | injection | 1 | 3 | 0 |");
  });

  it("writes a self-contained HTML page with SVG charts and escaped text", () => {
    const html = htmlReport([{ ...run, label: "<b>x</b>" }]);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(markdownToHtml("| a | b |\n| --- | --- |\n| 1 | x \\| y |")).toBe(
      "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>x | y</td></tr></tbody></table>",
    );
  });
});

describe("the concurrency pool", () => {
  it("never runs more than the limit at once and keeps order", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapPool([5, 1, 4, 2, 3, 0, 6], 3, async (x) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, x));
      inFlight--;
      return x * 2;
    });
    expect(out).toEqual([10, 2, 8, 4, 6, 0, 12]);
    expect(peak).toBe(3);
  });
});
