import type { Comparison } from "./compare.ts";
import type { LevelStats, RunMetrics } from "./evaluate.ts";
import { interval, num, pct, signed } from "./fmt.ts";
import type { PassAgreement } from "./settle.ts";
import type { RunRecord } from "./store.ts";

const row = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

export const runName = (r: Pick<RunRecord, "grader" | "label">) =>
  r.label ??
  [r.grader.id, r.grader.model, r.grader.promptVersion && `prompt ${r.grader.promptVersion}`].filter(Boolean).join(" ");

const withCi = (x: number | null, ci: { low: number; high: number } | null, f = num) =>
  `${f(x)} ${ci ? interval(ci) : ""}`.trim();

function levelRows(stats: (LevelStats | null | undefined)[]): string[][] {
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

function groupTable(
  title: string,
  runs: readonly RunRecord[],
  pickGroup: (m: RunMetrics) => Record<string, LevelStats>,
): string {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(pickGroup(r.metrics))))].sort();
  if (keys.length === 0) return "";
  const head = [title, ...runs.flatMap((r) => [`${runName(r)} QWK`, "MAE", "exact", "mean level (gold)", "bias"]), "n"];
  const rows = keys.map((k) => {
    const stats = runs.map((r) => pickGroup(r.metrics)[k]);
    return [
      k,
      ...stats.flatMap((s) =>
        s
          ? [num(s.qwk), num(s.mae), pct(s.exact), `${num(s.meanPredicted)} (${num(s.meanGold)})`, signed(s.bias)]
          : ["n/a", "", "", "", ""],
      ),
      String(stats[0]?.n ?? 0),
    ];
  });
  return table(head, rows);
}

function confusion(r: RunRecord): string {
  const m = r.metrics.overall?.confusion;
  if (!m) return "";
  return `**${runName(r)}** (rows gold, columns predicted)\n\n${table(
    ["gold \\ predicted", "1", "2", "3", "4"],
    m.map((cells, i) => [String(i + 1), ...cells.map(String)]),
  )}`;
}

function gate(r: RunRecord): string {
  if (r.gate.passed === null) return `**${runName(r)}**: no thresholds apply.`;
  const rows = r.gate.checks.map((c) => [
    c.ok ? "pass" : "**FAIL**",
    c.metric,
    `${c.bound === "min" ? "≥" : "≤"} ${c.threshold}`,
    num(c.value, 3),
  ]);
  return `**${runName(r)}** (${r.gate.appliedTo}): ${r.gate.passed ? "passed" : "**FAILED**"}\n\n${table(["", "metric", "threshold", "value"], rows)}`;
}

/** The pull-request report: every grader side by side, with the human ceiling when known. */
export function markdownReport(runs: readonly RunRecord[], ceiling?: PassAgreement | null): string {
  const names = runs.map(runName);
  const out: string[] = ["# Grader eval report", ""];
  out.push(
    table(
      ["run", "grader", "model", "prompt", "items", "errors", "cached", "time", "stored as"],
      runs.map((r) => [
        runName(r),
        `${r.grader.id} ${r.grader.version}`,
        r.grader.model ?? "none",
        r.grader.promptVersion ?? "n/a",
        String(r.metrics.counts.results),
        String(r.metrics.counts.errors),
        String(r.metrics.counts.cached),
        `${(r.durationMs / 1000).toFixed(1)} s`,
        r.id ?? "not stored",
      ]),
    ),
  );
  const unlabelled = runs[0]?.metrics.counts.unlabelled ?? 0;
  if (unlabelled > 0) out.push("", `${unlabelled} item(s) have no gold label and are left out of level metrics.`);

  if (runs.some((r) => r.metrics.overall)) {
    out.push("", "## Competency levels against gold (all competencies pooled)", "");
    out.push("95% bootstrap intervals over items in brackets. Bias > 0 means more generous than people.", "");
    const head = ["metric", ...names];
    const rows = levelRows(runs.map((r) => r.metrics.overall));
    if (ceiling) {
      head.push("people (pass A vs B)");
      const human: Record<string, string> = {
        QWK: num(ceiling.overall.qwk),
        exact: num(ceiling.overall.exact),
        "within one": num(ceiling.overall.withinOne),
        "pairs (items)": `${ceiling.overall.n} (${ceiling.items})`,
      };
      for (const r of rows) r.push(human[r[0] as string] ?? "");
    }
    out.push(table(head, rows));
    out.push(
      "",
      table(
        ["item score (mean level)", ...names],
        [
          ["Pearson", ...runs.map((r) => num(r.metrics.itemScore?.pearson))],
          ["Spearman", ...runs.map((r) => num(r.metrics.itemScore?.spearman))],
          ["MAE", ...runs.map((r) => num(r.metrics.itemScore?.mae))],
          ["RMSE", ...runs.map((r) => num(r.metrics.itemScore?.rmse))],
        ],
      ),
    );
    out.push(
      "",
      "### Per competency",
      "",
      groupTable("competency", runs, (m) => m.byCompetency),
    );
    if (ceiling) {
      out.push(
        "",
        `People: ${Object.entries(ceiling.byCompetency)
          .map(([k, v]) => `${k} QWK ${num(v.qwk)}`)
          .join(", ")}.`,
      );
    }
    out.push(
      "",
      "### Per round",
      "",
      groupTable("round", runs, (m) => m.byRound),
    );
    out.push(
      "",
      "### Per quality level",
      "",
      groupTable("quality", runs, (m) => m.byQuality),
    );
    out.push(
      "",
      "### Confusion matrices",
      "",
      ...runs
        .map(confusion)
        .filter(Boolean)
        .flatMap((t) => [t, ""]),
    );
    out.push(
      `Not observed: ${runs
        .map(
          (r) =>
            `${runName(r)} gave a level where gold said not observed ${r.metrics.notObserved.goldNullPredictedLevel} times, ` +
            `and said not observed where gold gave a level ${r.metrics.notObserved.predictedNullGoldLevel} times`,
        )
        .join("; ")}.`,
    );
  }

  if (runs.some((r) => r.metrics.keyPoints)) {
    out.push("", "## Key points (covered or partly covered counts as found)", "");
    out.push(
      table(
        ["metric", ...names],
        [
          ["precision", ...runs.map((r) => num(r.metrics.keyPoints?.precision))],
          [
            "recall",
            ...runs.map((r) => withCi(r.metrics.keyPoints?.recall ?? null, r.metrics.keyPoints?.ci.recall ?? null)),
          ],
          ["F1", ...runs.map((r) => withCi(r.metrics.keyPoints?.f1 ?? null, r.metrics.keyPoints?.ci.f1 ?? null))],
          ["same status (3-way)", ...runs.map((r) => pct(r.metrics.keyPoints?.exact))],
          ["pairs", ...runs.map((r) => String(r.metrics.keyPoints?.n ?? 0))],
        ],
      ),
    );
  }

  if (runs.some((r) => r.metrics.adversarial)) {
    out.push("", "## Adversarial items (every competency must stay at or under the item's cap)", "");
    for (const r of runs) {
      const a = r.metrics.adversarial;
      if (!a) continue;
      out.push(
        `**${runName(r)}**: ${a.passed} of ${a.n - a.ungraded} passed (${pct(a.passRate)})` +
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
  }

  if (runs.some((r) => r.metrics.consistency)) {
    out.push("", "## Repeat-run consistency", "");
    out.push(
      table(
        ["metric", ...names],
        [
          ["levels identical in every repeat", ...runs.map((r) => pct(r.metrics.consistency?.levels?.identical))],
          [
            "levels: mean abs. deviation",
            ...runs.map((r) => num(r.metrics.consistency?.levels?.meanAbsoluteDeviation, 3)),
          ],
          ["levels: QWK between repeats", ...runs.map((r) => num(r.metrics.consistency?.levels?.pairwiseKappa))],
          ["generic scores identical", ...runs.map((r) => pct(r.metrics.consistency?.generic?.identical))],
          [
            "repeats",
            ...runs.map((r) =>
              String(r.metrics.consistency?.levels?.repeats ?? r.metrics.consistency?.generic?.repeats ?? 1),
            ),
          ],
        ],
      ),
    );
  }

  const datasets = [...new Set(runs.flatMap((r) => Object.keys(r.metrics.generic)))].sort();
  if (datasets.length > 0) {
    out.push("", "## Generic datasets (on each dataset's own scale)", "");
    const rows = datasets.flatMap((d) =>
      runs.map((r) => {
        const g = r.metrics.generic[d];
        return g
          ? [
              d,
              runName(r),
              String(g.n),
              `${g.scale.min}–${g.scale.max}`,
              withCi(g.pearson, g.ci.pearson),
              num(g.spearman),
              withCi(g.rmse, g.ci.rmse),
              num(g.mae),
              signed(g.bias),
            ]
          : [d, runName(r), "0", "", "", "", "", "", ""];
      }),
    );
    out.push(table(["dataset", "run", "n", "scale", "Pearson", "Spearman", "RMSE", "MAE", "bias"], rows));
  }

  out.push("", "## Thresholds", "", ...runs.flatMap((r) => [gate(r), ""]));
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

export function comparisonMarkdown(c: Comparison): string {
  const name = (x: Comparison["a"]) =>
    x.label ?? `${x.grader.id}${x.grader.model ? ` ${x.grader.model}` : ""}${x.id ? ` (${x.id.slice(0, 8)})` : ""}`;
  const verdict = (r: Comparison["rows"][number]) => {
    if (!r.ci || r.diff === null) return "";
    if (r.ci.low <= 0 && r.ci.high >= 0) return "no clear difference";
    return r.diff > 0 === r.higherIsBetter ? "B better" : "B worse";
  };
  return [
    "# Run comparison",
    "",
    `A: ${name(c.a)} · B: ${name(c.b)} · ${c.commonItems} items in both` +
      (c.onlyA + c.onlyB > 0 ? ` (${c.onlyA} only in A, ${c.onlyB} only in B, left out)` : ""),
    "",
    "Difference is B − A with a 95% paired bootstrap interval over items.",
    "",
    table(
      ["metric", "A", "B", "B − A", "95% interval", ""],
      c.rows.map((r) => [r.metric, num(r.a, 3), num(r.b, 3), signed(r.diff, 3), interval(r.ci, 3), verdict(r)]),
    ),
    "",
  ].join("\n");
}
