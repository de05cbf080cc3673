import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { EnvError, parseEnv } from "../config/env.ts";
import { ContentError, loadContent } from "../content/load.ts";
import { createDatabase, type Database } from "../db/client.ts";
import { compareRuns } from "./compare.ts";
import { type EvalData, loadEvalData } from "./dataset.ts";
import { formatProblem } from "./format.ts";
import { buildGrader, GRADER_NAMES, type GraderName, GraderUnavailable } from "./graders.ts";
import {
  AGREEMENT_FILE,
  DEFAULT_CACHE_DIR,
  GENERIC_DIR,
  GOLD_FILE,
  ITEMS_DIR,
  LABELS_DIR,
  THRESHOLDS_FILE,
} from "./paths.ts";
import { createProgress, silentProgress } from "./progress.ts";
import { htmlReport } from "./report-html.ts";
import { comparisonMarkdown, markdownReport } from "./report-markdown.ts";
import { type CacheMode, runEval } from "./runner.ts";
import type { PassAgreement } from "./settle.ts";
import { getRun, type RunRecord } from "./store.ts";
import { loadThresholds, ThresholdsError } from "./thresholds.ts";
import { dataSummary, readLabelFile } from "./validate.ts";

const HELP = `npm run eval -- [options]

Grades the eval set (and any generic datasets) with one or more graders, reports agreement with
the human gold labels, stores the run in the database and checks evals/thresholds.json.

  --grader NAME        offline | llm | both (default offline; repeatable)
  --dataset PATH       items or generic JSONL file or folder (repeatable;
                       default evals/items and evals/generic)
  --gold FILE          gold labels (default evals/labels/gold.jsonl)
  --concurrency N      items graded at once (default 4)
  --repeats N          grade every item N times to measure consistency (default 1)
  --cache MODE         on | off | auto (default auto: cache graders that call a model)
  --cache-dir DIR      default .eval-cache/
  --thresholds FILE    default evals/thresholds.json
  --check              exit 1 when a run is below its thresholds (the CI gate)
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

class UsageError extends Error {}

function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function parseCli(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      grader: { type: "string", multiple: true },
      dataset: { type: "string", multiple: true },
      gold: { type: "string" },
      concurrency: { type: "string" },
      repeats: { type: "string" },
      cache: { type: "string" },
      "cache-dir": { type: "string" },
      thresholds: { type: "string" },
      check: { type: "boolean", default: false },
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
  };
}

type Options = ReturnType<typeof parseCli>;

function write(path: string, text: string): void {
  if (path === "-") {
    process.stdout.write(text);
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.error(`wrote ${relative(process.cwd(), path) || path}`);
}

async function openDatabase(): Promise<Database> {
  const env = parseEnv();
  const database = await createDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  await database.migrate();
  return database;
}

async function loadRecord(ref: string, database: () => Promise<Database>): Promise<RunRecord> {
  if (existsSync(ref)) return JSON.parse(readFileSync(ref, "utf8")) as RunRecord;
  if (!/^[0-9a-f-]{36}$/i.test(ref)) throw new UsageError(`"${ref}" is neither a run file nor a run id`);
  const run = await getRun((await database()).db, ref);
  if (!run) throw new UsageError(`no run with id ${ref} in the database`);
  return run;
}

async function compare(opts: Options, database: () => Promise<Database>): Promise<number> {
  const [a, b] = await Promise.all(opts.positionals.map((p) => loadRecord(p, database)));
  const comparison = compareRuns(a as RunRecord, b as RunRecord, { seed: opts.seed });
  const md = comparisonMarkdown(comparison);
  process.stdout.write(md);
  if (opts["report-md"] && opts["report-md"] !== "-") write(opts["report-md"], md);
  if (opts["report-html"]) write(opts["report-html"], htmlReport([a as RunRecord, b as RunRecord], comparison));
  return 0;
}

/** Label passes and their parts, so labellers can check their files before settling. */
function labelFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const parts = join(dir, "parts");
  const list = (d: string) =>
    readdirSync(d)
      .filter((f) => /^pass-.*\.jsonl$/.test(f))
      .sort()
      .map((f) => join(d, f));
  return [...list(dir), ...(existsSync(parts) ? list(parts) : [])];
}

/** The agreement between the label passes, written by eval:settle, shown as the human ceiling. */
function loadCeiling(): PassAgreement | null {
  if (!existsSync(AGREEMENT_FILE)) return null;
  try {
    return JSON.parse(readFileSync(AGREEMENT_FILE, "utf8")) as PassAgreement;
  } catch {
    return null;
  }
}

function reportProblems(data: EvalData): boolean {
  for (const p of data.problems) console.error(formatProblem(p));
  if (data.problems.length > 0) console.error(`\n${data.problems.length} problem(s) in the eval data.`);
  return data.problems.length > 0;
}

async function run(opts: Options): Promise<number> {
  let database: Database | undefined;
  const db = async () => {
    database ??= await openDatabase();
    return database;
  };
  try {
    if (opts.compare) return await compare(opts, db);
    const env = parseEnv();
    const content = loadContent(env.CONTENT_DIR);
    const defaultPaths = [ITEMS_DIR, GENERIC_DIR].filter((p) => existsSync(p));
    const paths = opts.dataset ?? defaultPaths;
    const goldFile = opts.gold ?? GOLD_FILE;
    const data = loadEvalData(content, { paths, goldFile, reportStrayGold: !opts.dataset });
    if (opts.validate) {
      const labelFiles = opts.dataset ? [] : labelFilesIn(LABELS_DIR);
      for (const f of labelFiles) {
        const r = readLabelFile(f, relative(process.cwd(), f), data);
        data.problems.push(...r.problems);
        console.log(`${relative(process.cwd(), f)}: ${r.labels.length} labels`);
      }
      const bad = reportProblems(data);
      console.log(dataSummary(data, content));
      return bad ? 2 : 0;
    }
    if (reportProblems(data)) return 2;
    if (data.cases.length === 0 && data.generic.length === 0) {
      console.error(
        `No eval items found in ${paths.map((p) => relative(process.cwd(), p) || p).join(", ") || "evals/"}.`,
      );
      return 2;
    }
    if (data.cases.length > 0 && !data.goldFile) {
      const msg =
        `${relative(process.cwd(), goldFile)} not found: the eval items have no gold labels yet, so agreement with ` +
        "people cannot be measured. Write both label passes and run `npm run eval:settle` to build it.";
      if (opts.check) {
        console.error(`${msg}\nThe --check gate cannot pass without gold labels.`);
        return 2;
      }
      console.error(`warning: ${msg}`);
    } else if (data.unlabelled.length > 0) {
      console.error(`warning: ${data.unlabelled.length} item(s) have no gold label and are left out of level metrics.`);
    }
    const thresholdsPath = opts.thresholds ?? THRESHOLDS_FILE;
    const thresholds = loadThresholds(thresholdsPath);
    if (opts.check && !thresholds) {
      console.error(`${relative(process.cwd(), thresholdsPath)} not found: --check needs thresholds.`);
      return 2;
    }
    const store = opts["no-store"] ? null : (await db()).db;
    const graders = [];
    for (const name of opts.graders) {
      try {
        graders.push(buildGrader(name, { content, env: process.env, db: store, concurrency: opts.concurrency }));
      } catch (err) {
        if (!(err instanceof GraderUnavailable)) throw err;
        console.error(err.message);
        // Asked for by name, a missing LLM is an error; as half of "both" the offline run goes on.
        if (opts.explicitLlm || opts.graders.length === 1) return 2;
      }
    }
    const runs = await runEval({
      db: store,
      graders,
      data,
      datasets: paths.map((p) => relative(process.cwd(), p) || p),
      concurrency: opts.concurrency,
      repeats: opts.repeats,
      cache: opts.cache,
      cacheDir: opts["cache-dir"] ?? DEFAULT_CACHE_DIR,
      thresholds,
      label: opts.label ?? null,
      progress: opts.quiet ? silentProgress : createProgress(),
      seed: opts.seed,
    });
    const ceiling = loadCeiling();
    const md = markdownReport(runs, ceiling);
    if (opts["report-md"]) write(opts["report-md"], md);
    if (opts["report-md"] !== "-") process.stdout.write(md);
    if (opts["report-html"]) write(opts["report-html"], htmlReport(runs, undefined, ceiling));
    if (opts["out-json"]) {
      write(opts["out-json"], `${JSON.stringify(runs.length === 1 ? runs[0] : runs, null, 1)}\n`);
    }
    for (const r of runs) {
      if (r.id) console.error(`stored run ${r.id} (${r.grader.id}); see GET /api/evals/runs/${r.id}`);
      if (r.gate.passed === null && opts.check)
        console.error(`note: no thresholds apply to grader "${r.grader.id}"; it is not gated.`);
    }
    const failed = runs.filter((r) => r.gate.passed === false);
    if (opts.check && failed.length > 0) {
      console.error(`FAILED: ${failed.map((r) => r.grader.id).join(", ")} below thresholds (see the report above).`);
      return 1;
    }
    return 0;
  } finally {
    await database?.close();
  }
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  try {
    return await run(opts);
  } catch (err) {
    // Bad configuration, content or thresholds: the message names the file and field; no stack.
    if (
      err instanceof UsageError ||
      err instanceof EnvError ||
      err instanceof ContentError ||
      err instanceof ThresholdsError
    ) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 2;
  },
);
