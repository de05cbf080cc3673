import type { Comparison } from "./compare.ts";
import { comparisonMarkdown, markdownReport, runName } from "./report-markdown.ts";
import { columnsOf } from "./report-tables.ts";
import type { RubricItemResult } from "./results.ts";
import type { PassAgreement } from "./settle.ts";
import type { RunRecord } from "./store.ts";
import { barsSvg, confusionSvg, esc, scatterSvg } from "./svg.ts";

const inline = (s: string) => esc(s).replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");

/** Renders the subset of Markdown our reports use: headings, pipe tables and paragraphs. */
export function markdownToHtml(md: string): string {
  const out: string[] = [];
  const lines = md.split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    if (heading) {
      const level = (heading[1] as string).length;
      out.push(`<h${level}>${inline(heading[2] as string)}</h${level}>`);
      i++;
    } else if (line.startsWith("|")) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] as string).startsWith("|")) {
        const cells = (lines[i] as string)
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((c) => c.trim().replace(/\\\|/g, "|"));
        if (!cells.every((c) => /^-+$/.test(c))) rows.push(cells);
        i++;
      }
      const [head, ...body] = rows;
      out.push(
        `<table><thead><tr>${(head ?? []).map((c) => `<th>${inline(c)}</th>`).join("")}</tr></thead><tbody>` +
          body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`).join("") +
          "</tbody></table>",
      );
    } else if (line.trim() === "") {
      i++;
    } else {
      out.push(`<p>${inline(line)}</p>`);
      i++;
    }
  }
  return out.join("\n");
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

function charts(runs: readonly RunRecord[], ceiling?: PassAgreement | null): string {
  const out: string[] = [];
  const cols = columnsOf(runs);
  const competencies = [...new Set(cols.flatMap((c) => Object.keys(c.m?.byCompetency ?? {})))].sort();
  if (competencies.length > 0) {
    out.push(
      figure(
        barsSvg(
          competencies.map((id) => ({
            label: id,
            values: cols.map((c) => c.m?.byCompetency[id]?.qwk ?? null),
            marker: ceiling?.byCompetency[id]?.qwk ?? null,
          })),
          cols.map((c) => c.name),
          { min: -0.2, max: 1 },
          "Quadratic weighted kappa per competency",
        ),
        "Agreement with gold per competency on the held-out test and the dev split (QWK; 1 is perfect, 0 is chance). Black ticks: the two label passes against each other.",
      ),
    );
  }
  for (const r of runs) {
    const row: string[] = [];
    for (const c of cols.filter((x) => x.run === r)) {
      const m = c.m?.overall?.confusion;
      if (!m) continue;
      row.push(
        figure(
          confusionSvg(m, ["1", "2", "3", "4"], `Confusion matrix for ${runName(r)} on ${c.split}`),
          `${runName(r)}, ${c.split} split: levels, gold rows against predicted columns`,
        ),
      );
    }
    const scored = r.items.filter(
      (x): x is RubricItemResult => x.kind === "rubric" && x.repeat === 0 && x.score !== null && x.goldScore !== null,
    );
    if (scored.length > 0) {
      row.push(
        figure(
          scatterSvg(
            scored.map((x) => ({ x: x.goldScore as number, y: x.score as number, label: x.itemId })),
            { min: 1, max: 4 },
            `Predicted against gold item score for ${runName(r)}`,
          ),
          `${runName(r)}: mean level per item, predicted against gold`,
        ),
      );
    }
    for (const [dataset, g] of Object.entries(r.metrics.generic)) {
      const pts = r.items.filter(
        (x) => x.kind === "generic" && x.repeat === 0 && x.dataset === dataset && x.score !== null,
      );
      row.push(
        figure(
          scatterSvg(
            pts.map((x) => ({ x: x.goldScore as number, y: x.score as number, label: x.itemId })),
            g.scale,
            `Predicted against gold score on ${dataset} for ${runName(r)}`,
          ),
          `${runName(r)}: ${dataset}, predicted against gold score`,
        ),
      );
    }
    if (row.length > 0) out.push(`<h3>${esc(runName(r))}</h3><div class="row">${row.join("")}</div>`);
  }
  return out.join("\n");
}

const STYLE = `
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #e5e7eb}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
th,td{border:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left}th{background:#f9fafb}
figure{margin:0 1.5rem 1rem 0;display:inline-block;vertical-align:top}figcaption{color:#4b5563;font-size:12px;max-width:600px}
.row{display:flex;flex-wrap:wrap}svg{max-width:100%;height:auto}`;

/** A self-contained page: inline CSS and SVG, no scripts, no external requests. */
export function htmlReport(
  runs: readonly RunRecord[],
  comparison?: Comparison,
  ceiling?: PassAgreement | null,
): string {
  const body = [
    comparison ? markdownToHtml(comparisonMarkdown(comparison)) : "",
    `<h2>Charts</h2>${charts(runs, ceiling)}`,
    markdownToHtml(markdownReport(runs, ceiling)).replace("<h1>Grader eval report</h1>", ""),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>mockloop grader eval report</title><style>${STYLE}</style></head>
<body><h1>Grader eval report</h1><p>Generated ${esc(new Date().toISOString())} · ${runs.map((r) => esc(runName(r))).join(" · ")}</p>
${body.join("\n")}
</body></html>
`;
}
