import { parseArgs } from "node:util";
import { GRADER_NAMES, type GraderName } from "./graders.ts";
import type { CacheMode } from "./runner.ts";

export const HELP = `npm run eval -- [options]

Grades the eval set (and any generic datasets) with one or more graders, reports agreement with
the human gold labels for the dev and the held-out test split apart, stores the run in the
database and checks evals/thresholds.json.

  --grader NAME        offline | llm | both (default offline; repeatable)
  --dataset PATH       items or generic JSONL file or folder (repeatable;
                       default evals/items and evals/generic)
  --gold FILE          gold labels (default evals/labels/gold.jsonl)
  --split FILE         held-out split by question (default evals/split.json; "none": all dev)
  --concurrency N      items graded at once (default 4)
  --repeats N          grade every item N times to measure consistency (default 1)
  --cache MODE         on | off | auto (default auto: cache graders that call a model)
  --cache-dir DIR      default .eval-cache/
  --thresholds FILE    default evals/thresholds.json
  --check              exit 1 when a run is below its thresholds (the CI gate)
  --calibrate-folds K  also fit isotonic and linear maps from predicted to human score on each generic
                       dataset, scored by K-fold cross-validation (K >= 2)
  --label TEXT         a name for the run, e.g. "prompt v4"
  --report-md FILE     write the Markdown report (use - for stdout)
  --report-html FILE   write a self-contained HTML report with charts
  --out-json FILE      write the full run (metrics and every item) as JSON
  --compare A B        compare two runs: each a run id in the database or a --out-json file
  --no-store           do not store the run in the database
  --validate           only check the data files against the formats and the bank
  --quiet              no progress bar
  --seed N             bootstrap seed (default 1)

Exit codes: 0 ok, 1 below thresholds, 2 bad usage or data.`;

export class UsageError extends Error {}

function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function parseCli(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      grader: { type: "string", multiple: true },
      dataset: { type: "string", multiple: true },
      gold: { type: "string" },
      split: { type: "string" },
      concurrency: { type: "string" },
      repeats: { type: "string" },
      cache: { type: "string" },
      "cache-dir": { type: "string" },
      thresholds: { type: "string" },
      check: { type: "boolean", default: false },
      "calibrate-folds": { type: "string" },
      label: { type: "string" },
      "report-md": { type: "string" },
      "report-html": { type: "string" },
      "out-json": { type: "string" },
      compare: { type: "boolean", default: false },
      "no-store": { type: "boolean", default: false },
      validate: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      seed: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const graders = new Set<GraderName>();
  for (const g of (values.grader ?? ["offline"]).flatMap((x) => x.split(","))) {
    if (g === "both") {
      graders.add("offline").add("llm");
    } else if ((GRADER_NAMES as readonly string[]).includes(g)) {
      graders.add(g as GraderName);
    } else {
      throw new UsageError(`--grader must be offline, llm or both, got "${g}"`);
    }
  }
  const cache = values.cache ?? "auto";
  if (!["on", "off", "auto"].includes(cache)) throw new UsageError(`--cache must be on, off or auto, got "${cache}"`);
  if (values.compare && positionals.length !== 2) throw new UsageError("--compare needs two runs: --compare A B");
  if (!values.compare && positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return {
    ...values,
    positionals,
    graders: [...graders],
    cache: cache as CacheMode,
    explicitLlm: (values.grader ?? []).some((g) => g.split(",").includes("llm")),
    concurrency: intOption("concurrency", values.concurrency, 4, 1, 256),
    repeats: intOption("repeats", values.repeats, 1, 1, 20),
    seed: intOption("seed", values.seed, 1, 0, 2 ** 31),
    calibrateFolds:
      values["calibrate-folds"] === undefined
        ? null
        : intOption("calibrate-folds", values["calibrate-folds"], 5, 2, 50),
  };
}

export type CliOptions = ReturnType<typeof parseCli>;
