import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadContent } from "../content/load.ts";
import { type CliIo, printers } from "./cli-io.ts";
import { loadEvalData } from "./dataset.ts";
import { num, pct } from "./fmt.ts";
import { formatProblem, type Label, type LineProblem, parseJsonl, SettlementSchema, toJsonl } from "./format.ts";
import { ITEMS_DIR, LABELS_DIR } from "./paths.ts";
import { type PassAgreement, settle } from "./settle.ts";
import { readLabelFile } from "./validate.ts";

const HELP = `npm run eval:settle -- [options]

Builds evals/labels/gold.jsonl from the two label passes and settlements.jsonl, writes the open
disagreements to disagreements.jsonl and the agreement between the passes to agreement.json.

  --labels DIR   folder with pass-a.jsonl, pass-b.jsonl, settlements.jsonl (default evals/labels)
  --items DIR    eval items (default evals/items)
  --check        exit 1 while any disagreement is still open
  --help`;

function agreementTable(a: PassAgreement): string {
  const rows = [["competency", "n", "QWK", "exact", "within one", "null mismatch"]];
  for (const [id, c] of [...Object.entries(a.byCompetency), ["all (pooled)", a.overall] as const]) {
    rows.push([id, String(c.n), num(c.qwk), pct(c.exact), pct(c.withinOne), String(c.nullMismatch)]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const lines = rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  "));
  return [
    ...lines,
    `key points: ${a.keyPoints.n} pairs, same status ${pct(a.keyPoints.exact)}, same found/missed ${pct(a.keyPoints.found)}`,
  ].join("\n");
}

/** `npm run eval:settle` as a function: returns the exit code; writes only through io and to --labels. */
export function runSettleCli(argv: string[], io: CliIo): number {
  const { out, err, rel, abs } = printers(io);
  let values: { labels?: string; items?: string; check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        labels: { type: "string", default: LABELS_DIR },
        items: { type: "string", default: ITEMS_DIR },
        check: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (e) {
    err(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    out(HELP);
    return 0;
  }
  const dir = abs(values.labels as string);
  const file = (name: string) => join(dir, name);
  for (const pass of ["pass-a.jsonl", "pass-b.jsonl"]) {
    if (!existsSync(file(pass))) {
      err(`${rel(file(pass))} does not exist: both label passes are needed to settle gold labels.`);
      return 2;
    }
  }
  const data = loadEvalData(loadContent(io.env.CONTENT_DIR || undefined), {
    paths: [abs(values.items as string)],
    cwd: io.cwd,
  });
  const problems: LineProblem[] = [...data.problems];
  const readPass = (name: string): Label[] => {
    const r = readLabelFile(file(name), rel(file(name)), data);
    problems.push(...r.problems);
    return r.labels;
  };
  const passA = readPass("pass-a.jsonl");
  const passB = readPass("pass-b.jsonl");
  const settlements = existsSync(file("settlements.jsonl"))
    ? (() => {
        const parsed = parseJsonl(
          readFileSync(file("settlements.jsonl"), "utf8"),
          rel(file("settlements.jsonl")),
          SettlementSchema,
        );
        problems.push(...parsed.problems);
        return parsed.rows.map((r) => r.value);
      })()
    : [];
  if (problems.length > 0) {
    for (const p of problems) err(formatProblem(p));
    err(`\n${problems.length} problem(s); nothing was written. Fix them and run again.`);
    return 2;
  }
  const result = settle(passA, passB, settlements);
  writeFileSync(file("gold.jsonl"), toJsonl(result.gold));
  writeFileSync(file("disagreements.jsonl"), toJsonl(result.open));
  writeFileSync(file("agreement.json"), `${JSON.stringify(result.agreement, null, 2)}\n`);
  const labelled = new Set([...passA, ...passB].map((l) => l.itemId));
  const missing = data.cases.filter((c) => !labelled.has(c.item.id)).map((c) => c.item.id);

  out(`Agreement between the passes over ${result.agreement.items} items (the human ceiling):\n`);
  out(agreementTable(result.agreement));
  out(
    `\ngold: ${result.gold.length} items written to ${rel(file("gold.jsonl"))}; ` +
      `${result.gold.reduce((n, g) => n + g.settled.length, 0)} settled fields recorded`,
  );
  out(
    `open: ${result.open.length} disagreements over ${new Set(result.open.map((d) => d.itemId)).size} items ` +
      `in ${rel(file("disagreements.jsonl"))}`,
  );
  const sample = (ids: string[]) => `${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""}`;
  if (missing.length > 0) out(`not labelled in either pass: ${missing.length} items (${sample(missing)})`);
  for (const pass of ["A", "B"]) {
    const only = result.warnings
      .filter((w) => w.endsWith(`labelled in pass ${pass} only`))
      .map((w) => w.split(":")[0] as string);
    if (only.length > 0) out(`warning: labelled in pass ${pass} only: ${only.length} items (${sample(only)})`);
  }
  for (const w of result.warnings.filter((x) => !/labelled in pass [AB] only$/.test(x))) out(`warning: ${w}`);
  return values.check && result.open.length > 0 ? 1 : 0;
}
