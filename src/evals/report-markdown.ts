import type { Comparison } from "./compare.ts";
import { interval, num, pct, signed } from "./fmt.ts";
import {
  adversarialSection,
  categoryTable,
  columnsOf,
  confusion,
  gate,
  groupTable,
  levelRows,
  runName,
  table,
  withCi,
} from "./report-tables.ts";
import type { PassAgreement } from "./settle.ts";
import type { RunRecord } from "./store.ts";

export { runName };

/** The pull-request report: every grader side by side, test and dev apart, with the human ceiling. */
export function markdownReport(runs: readonly RunRecord[], ceiling?: PassAgreement | null): string {
  const names = runs.map(runName);
  const cols = columnsOf(runs);
  const colNames = cols.map((c) => c.name);
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
  const first = runs[0]?.metrics;
  if (first?.test && first.dev && first.counts.rubricItems > 0) {
    out.push(
      "",
      `Held-out split by question: **test** ${first.test.items} items over ${first.test.questions} questions, ` +
        `dev ${first.dev.items} items over ${first.dev.questions} questions. Test items are never used for ` +
        "tuning; the thresholds gate test.",
    );
  }
  const unlabelled = first?.counts.unlabelled ?? 0;
  if (unlabelled > 0) out.push("", `${unlabelled} item(s) have no gold label and are left out of level metrics.`);

  if (cols.some((c) => c.m?.overall)) {
    out.push("", "## Competency levels against gold (all competencies pooled)", "");
    out.push("95% bootstrap intervals over items in brackets. Bias > 0 means more generous than people.", "");
    const head = ["metric", ...colNames];
    const rows = levelRows(cols.map((c) => c.m?.overall));
    if (ceiling) {
      head.push("people (pass A vs B, all items)");
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
        ["item score (mean level)", ...colNames],
        [
          ["Pearson", ...cols.map((c) => num(c.m?.itemScore?.pearson))],
          ["Spearman", ...cols.map((c) => num(c.m?.itemScore?.spearman))],
          ["MAE", ...cols.map((c) => num(c.m?.itemScore?.mae))],
          ["RMSE", ...cols.map((c) => num(c.m?.itemScore?.rmse))],
        ],
      ),
    );
    out.push(
      "",
      "### Per competency",
      "",
      groupTable("competency", cols, (m) => m.byCompetency),
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
      groupTable("round", cols, (m) => m.byRound),
    );
    out.push(
      "",
      "### Per quality level",
      "",
      groupTable("quality", cols, (m) => m.byQuality),
    );
    const categories = categoryTable(cols);
    if (categories) {
      out.push("", "### Per category", "");
      out.push(
        "Item level = the mean of the levels an item was given; the table shows the mean over items and the " +
          "share of items at 3 or more, with people's in brackets.",
        "",
        categories,
        "",
        groupTable("category", cols, (m) => m.byCategory),
      );
    }
    out.push(
      "",
      "### Confusion matrices",
      "",
      ...cols
        .map(confusion)
        .filter(Boolean)
        .flatMap((t) => [t, ""]),
    );
    out.push(
      `Not observed: ${cols
        .filter((c) => c.m)
        .map(
          (c) =>
            `${c.name} gave a level where gold said not observed ${c.m?.notObserved.goldNullPredictedLevel} times, ` +
            `and said not observed where gold gave a level ${c.m?.notObserved.predictedNullGoldLevel} times`,
        )
        .join("; ")}.`,
    );
  }

  if (cols.some((c) => c.m?.keyPoints)) {
    out.push("", "## Key points (covered or partly covered counts as found)", "");
    const kp = (c: (typeof cols)[number]) => c.m?.keyPoints;
    out.push(
      table(
        ["metric", ...colNames],
        [
          ["precision", ...cols.map((c) => num(kp(c)?.precision))],
          ["recall", ...cols.map((c) => withCi(kp(c)?.recall ?? null, kp(c)?.ci.recall ?? null))],
          ["F1", ...cols.map((c) => withCi(kp(c)?.f1 ?? null, kp(c)?.ci.f1 ?? null))],
          ["same status (3-way)", ...cols.map((c) => pct(kp(c)?.exact))],
          ["pairs", ...cols.map((c) => String(kp(c)?.n ?? 0))],
        ],
      ),
    );
  }

  if (cols.some((c) => c.m?.adversarial)) {
    out.push("", "## Adversarial items (every competency must stay at or under the item's cap)", "");
    out.push(...adversarialSection(cols));
  }

  if (runs.some((r) => r.metrics.consistency)) {
    out.push("", "## Repeat-run consistency (all items)", "");
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

  out.push(...genericSection(runs));
  out.push("", "## Thresholds", "", ...runs.flatMap((r) => [gate(r), ""]));
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

function genericSection(runs: readonly RunRecord[]): string[] {
  const datasets = [...new Set(runs.flatMap((r) => Object.keys(r.metrics.generic)))].sort();
  if (datasets.length === 0) return [];
  const out = ["", "## Generic datasets (on each dataset's own scale)", ""];
  const rows = datasets.flatMap((d) =>
    runs.flatMap((r) => {
      const g = r.metrics.generic[d];
      if (!g) return [[d, runName(r), "raw", "0", "", "", "", "", "", "", ""]];
      const lines = [
        [
          d,
          runName(r),
          "raw",
          String(g.n),
          `${g.scale.min}–${g.scale.max}`,
          withCi(g.pearson, g.ci.pearson),
          withCi(g.rmse, g.ci.rmse),
          num(g.mae),
          signed(g.bias),
          `${num(g.meanPredicted)} (${num(g.meanGold)})`,
          pct(g.shareAtMin),
        ],
      ];
      for (const [c, map] of [
        [g.calibrated, "isotonic"],
        [g.calibratedLinear, "linear"],
      ] as const) {
        if (!c) continue;
        const how = c.method === "anchors" ? `${map} on ${c.fittedOn} anchors` : `${map}, ${c.folds}-fold CV`;
        lines.push([
          d,
          runName(r),
          how,
          String(c.n),
          "",
          num(c.pearson),
          num(c.rmse),
          num(c.mae),
          signed(c.bias),
          num(c.meanPredicted),
          "",
        ]);
      }
      return lines;
    }),
  );
  out.push(
    table(
      ["dataset", "run", "scores", "n", "scale", "Pearson", "RMSE", "MAE", "bias", "mean (people)", "at bottom"],
      rows,
    ),
  );
  const baselines = datasets.flatMap((d) => {
    const g = runs[0]?.metrics.generic[d];
    return g?.baselineRmse == null ? [] : [`${d} ${num(g.baselineRmse)}`];
  });
  if (baselines.length > 0) out.push("", `RMSE of always predicting the mean human score: ${baselines.join(", ")}.`);
  return out;
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
