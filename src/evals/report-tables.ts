import type { GroupStats, LevelStats, RubricMetrics } from "./evaluate.ts";
import { interval, num, pct, signed } from "./fmt.ts";
import { SPLITS, type Split } from "./split.ts";
import type { RunRecord } from "./store.ts";

export const row = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
export const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

export const runName = (r: Pick<RunRecord, "grader" | "label">) =>
  r.label ??
  [r.grader.id, r.grader.model, r.grader.promptVersion && `prompt ${r.grader.promptVersion}`].filter(Boolean).join(" ");

export const withCi = (x: number | null, ci: { low: number; high: number } | null, f = num) =>
  `${f(x)} ${ci ? interval(ci) : ""}`.trim();

/** One column of a report: a run's metrics on one split (absent in runs stored before splits). */
export interface Column {
  name: string;
  run: RunRecord;
  split: Split;
  m: RubricMetrics | undefined;
}

export function columnsOf(runs: readonly RunRecord[]): Column[] {
  return runs.flatMap((run) =>
    SPLITS.map((split) => ({
      name: runs.length === 1 ? split : `${runName(run)} ${split}`,
      run,
      split,
      m: run.metrics[split] as RubricMetrics | undefined,
    })),
  );
}

export function levelRows(stats: (LevelStats | null | undefined)[]): string[][] {
  const get = (f: (s: LevelStats) => string) => stats.map((s) => (s ? f(s) : "n/a"));
  return [
    ["QWK", ...get((s) => withCi(s.qwk, s.ci.qwk))],
    ["Pearson", ...get((s) => num(s.pearson))],
    ["Spearman", ...get((s) => num(s.spearman))],
    ["MAE", ...get((s) => withCi(s.mae, s.ci.mae))],
    ["RMSE", ...get((s) => num(s.rmse))],
    ["exact", ...get((s) => withCi(s.exact, s.ci.exact))],
    ["within one", ...get((s) => withCi(s.withinOne, s.ci.withinOne))],
    ["mean signed bias", ...get((s) => signed(s.bias))],
    ["pairs (items)", ...get((s) => `${s.n} (${s.items})`)],
  ];
}

/** One row per group, and for every column its QWK, MAE, mean level against gold's, and pairs. */
export function groupTable(
  title: string,
  cols: readonly Column[],
  pickGroup: (m: RubricMetrics) => Record<string, LevelStats | GroupStats>,
): string {
  const keys = [...new Set(cols.flatMap((c) => Object.keys(c.m ? pickGroup(c.m) : {})))].sort();
  if (keys.length === 0) return "";
  const head = [title, ...cols.flatMap((c) => [`${c.name} QWK`, "MAE", "mean level (gold)", "pairs"])];
  const rows = keys.map((k) => [
    k,
    ...cols.flatMap((c) => {
      const s = c.m ? pickGroup(c.m)[k] : undefined;
      return s
        ? [num(s.qwk), num(s.mae), `${num(s.meanPredicted)} (${num(s.meanGold)})`, String(s.n)]
        : ["n/a", "", "", "0"];
    }),
  ]);
  return table(head, rows);
}

/**
 * Item-level view of the categories: the mean over items of each item's mean level, and the share
 * of items whose mean level is 3 or more, as graded and as people labelled them.
 */
export function categoryTable(cols: readonly Column[]): string {
  const keys = [...new Set(cols.flatMap((c) => Object.keys(c.m?.byCategory ?? {})))].sort();
  if (keys.length === 0) return "";
  const head = ["category", ...cols.flatMap((c) => [`${c.name} items`, "mean item level (gold)", "items ≥ 3 (gold)"])];
  const rows = keys.map((k) => [
    k,
    ...cols.flatMap((c) => {
      const s = c.m?.byCategory[k]?.itemLevel;
      return s
        ? [
            String(s.n),
            `${num(s.mean)} (${num(s.gold.mean)})`,
            `${pct(s.shareAtLeast3)} (${pct(s.gold.shareAtLeast3)})`,
          ]
        : ["0", "", ""];
    }),
  ]);
  return table(head, rows);
}

export function confusion(c: Column): string {
  const m = c.m?.overall?.confusion;
  if (!m) return "";
  return `**${runName(c.run)}, ${c.split}** (rows gold, columns predicted)\n\n${table(
    ["gold \\ predicted", "1", "2", "3", "4"],
    m.map((cells, i) => [String(i + 1), ...cells.map(String)]),
  )}`;
}

export function adversarialSection(cols: readonly Column[]): string[] {
  const out: string[] = [];
  for (const c of cols) {
    const a = c.m?.adversarial;
    if (!a) continue;
    out.push(
      `**${runName(c.run)}, ${c.split}**: ${a.passed} of ${a.n - a.ungraded} passed (${pct(a.passRate)})` +
        (a.ungraded > 0 ? `, ${a.ungraded} ungraded` : "") +
        (a.overCap.length === 0 ? "." : ". Over their cap:"),
    );
    if (a.overCap.length > 0) {
      out.push(
        "",
        table(
          ["item", "kind", "cap", "highest level given", "repeat"],
          a.overCap.map((o) => [o.itemId, o.kind, String(o.cap), String(o.maxLevel), String(o.repeat)]),
        ),
      );
    }
    out.push("");
  }
  return out;
}

export function gate(r: RunRecord): string {
  if (r.gate.passed === null) return `**${runName(r)}**: no thresholds apply.`;
  const rows = r.gate.checks.map((c) => [
    c.ok ? "pass" : "**FAIL**",
    c.metric,
    `${c.bound === "min" ? "≥" : "≤"} ${c.threshold}`,
    num(c.value, 3),
  ]);
  return `**${runName(r)}** (${r.gate.appliedTo}): ${r.gate.passed ? "passed" : "**FAILED**"}\n\n${table(["", "metric", "threshold", "value"], rows)}`;
}
