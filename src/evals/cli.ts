import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EnvError, parseEnv } from "../config/env.ts";
import { type Content, ContentError, loadContent } from "../content/load.ts";
import { createDatabase, type Database } from "../db/client.ts";
import { type CliIo, printers, writeOutput } from "./cli-io.ts";
import { type CliOptions, HELP, parseCli, UsageError } from "./cli-options.ts";
import { compareRuns } from "./compare.ts";
import { type EvalData, loadEvalData } from "./dataset.ts";
import { formatProblem } from "./format.ts";
import { buildGrader, GraderUnavailable } from "./graders.ts";
import {
  AGREEMENT_FILE,
  DEFAULT_CACHE_DIR,
  GENERIC_DIR,
  GOLD_FILE,
  ITEMS_DIR,
  LABELS_DIR,
  SPLIT_FILE,
  THRESHOLDS_FILE,
} from "./paths.ts";
import { createProgress, silentProgress } from "./progress.ts";
import { htmlReport } from "./report-html.ts";
import { comparisonMarkdown, markdownReport } from "./report-markdown.ts";
import { runEval } from "./runner.ts";
import type { PassAgreement } from "./settle.ts";
import { getRun, type RunRecord } from "./store.ts";
import { loadThresholds, ThresholdsError } from "./thresholds.ts";
import { dataSummary, readLabelFile } from "./validate.ts";

/** Everything one invocation shares: its io, parsed options, and a database opened on first use. */
interface Ctx {
  io: CliIo;
  opts: CliOptions;
  p: ReturnType<typeof printers>;
  db: () => Promise<Database>;
}

async function loadRecord(ctx: Ctx, ref: string): Promise<RunRecord> {
  const file = ctx.p.abs(ref);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as RunRecord;
  if (!/^[0-9a-f-]{36}$/i.test(ref)) throw new UsageError(`"${ref}" is neither a run file nor a run id`);
  const run = await getRun((await ctx.db()).db, ref);
  if (!run) throw new UsageError(`no run with id ${ref} in the database`);
  return run;
}

async function compare(ctx: Ctx, content: Content): Promise<number> {
  const { opts, io } = ctx;
  const [a, b] = (await Promise.all(opts.positionals.map((p) => loadRecord(ctx, p)))) as [RunRecord, RunRecord];
  // Runs stored before the split existed carry no split per item: place them by today's file.
  const data = loadEvalData(content, { paths: [], splitFile: splitFileOf(ctx), cwd: io.cwd });
  const comparison = compareRuns(a, b, { seed: opts.seed, split: data.split });
  const md = comparisonMarkdown(comparison);
  io.stdout(md);
  if (opts["report-md"] && opts["report-md"] !== "-") writeOutput(io, opts["report-md"], md);
  if (opts["report-html"]) writeOutput(io, opts["report-html"], htmlReport([a, b], comparison));
  return 0;
}

const splitFileOf = (ctx: Ctx) =>
  ctx.opts.split === "none" ? undefined : ctx.opts.split ? ctx.p.abs(ctx.opts.split) : SPLIT_FILE;

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

function reportProblems(ctx: Ctx, data: EvalData): boolean {
  for (const problem of data.problems) ctx.p.err(formatProblem(problem));
  if (data.problems.length > 0) ctx.p.err(`\n${data.problems.length} problem(s) in the eval data.`);
  return data.problems.length > 0;
}

function validate(ctx: Ctx, data: EvalData, content: Content): number {
  const { p } = ctx;
  const labelFiles = ctx.opts.dataset ? [] : labelFilesIn(LABELS_DIR);
  for (const f of labelFiles) {
    const r = readLabelFile(f, p.rel(f), data);
    data.problems.push(...r.problems);
    p.out(`${p.rel(f)}: ${r.labels.length} labels`);
  }
  const bad = reportProblems(ctx, data);
  ctx.io.stdout(dataSummary(data, content));
  return bad ? 2 : 0;
}

async function evaluateGraders(ctx: Ctx): Promise<number> {
  const { io, opts, p } = ctx;
  const env = parseEnv(io.env);
  const content = loadContent(env.CONTENT_DIR);
  if (opts.compare) return compare(ctx, content);
  const paths = opts.dataset?.map(p.abs) ?? [ITEMS_DIR, GENERIC_DIR].filter((d) => existsSync(d));
  const goldFile = opts.gold ? p.abs(opts.gold) : GOLD_FILE;
  const data = loadEvalData(content, {
    paths,
    goldFile,
    reportStrayGold: !opts.dataset,
    splitFile: splitFileOf(ctx),
    cwd: io.cwd,
  });
  if (opts.validate) return validate(ctx, data, content);
  if (reportProblems(ctx, data)) return 2;
  if (data.cases.length === 0 && data.generic.length === 0) {
    p.err(`No eval items found in ${paths.map(p.rel).join(", ") || "evals/"}.`);
    return 2;
  }
  if (data.cases.length > 0 && !data.goldFile) {
    const msg =
      `${p.rel(goldFile)} not found: the eval items have no gold labels yet, so agreement with ` +
      "people cannot be measured. Write both label passes and run `npm run eval:settle` to build it.";
    if (opts.check) {
      p.err(`${msg}\nThe --check gate cannot pass without gold labels.`);
      return 2;
    }
    p.err(`warning: ${msg}`);
  } else if (data.unlabelled.length > 0) {
    p.err(`warning: ${data.unlabelled.length} item(s) have no gold label and are left out of level metrics.`);
  }
  const thresholdsPath = opts.thresholds ? p.abs(opts.thresholds) : THRESHOLDS_FILE;
  const thresholds = loadThresholds(thresholdsPath);
  if (opts.check && !thresholds) {
    p.err(`${p.rel(thresholdsPath)} not found: --check needs thresholds.`);
    return 2;
  }
  const store = opts["no-store"] ? null : (await ctx.db()).db;
  const graders = [];
  for (const name of opts.graders) {
    try {
      graders.push(buildGrader(name, { content, env: io.env, db: store, concurrency: opts.concurrency }));
    } catch (err) {
      if (!(err instanceof GraderUnavailable)) throw err;
      p.err(err.message);
      // Asked for by name, a missing LLM is an error; as half of "both" the offline run goes on.
      if (opts.explicitLlm || opts.graders.length === 1) return 2;
    }
  }
  const runs = await runEval({
    db: store,
    graders,
    data,
    datasets: paths.map(p.rel),
    concurrency: opts.concurrency,
    repeats: opts.repeats,
    cache: opts.cache,
    cacheDir: opts["cache-dir"] ? p.abs(opts["cache-dir"]) : DEFAULT_CACHE_DIR,
    thresholds,
    label: opts.label ?? null,
    progress: opts.quiet ? silentProgress : createProgress(io.progressStream ?? { write: io.stderr }),
    seed: opts.seed,
    calibrateFolds: opts.calibrateFolds,
  });
  const ceiling = loadCeiling();
  const md = markdownReport(runs, ceiling);
  if (opts["report-md"]) writeOutput(io, opts["report-md"], md);
  if (opts["report-md"] !== "-") io.stdout(md);
  if (opts["report-html"]) writeOutput(io, opts["report-html"], htmlReport(runs, undefined, ceiling));
  if (opts["out-json"]) {
    writeOutput(io, opts["out-json"], `${JSON.stringify(runs.length === 1 ? runs[0] : runs, null, 1)}\n`);
  }
  for (const r of runs) {
    if (r.id) p.err(`stored run ${r.id} (${r.grader.id}); see GET /api/evals/runs/${r.id}`);
    if (r.gate.passed === null && opts.check)
      p.err(`note: no thresholds apply to grader "${r.grader.id}"; it is not gated.`);
  }
  const failed = runs.filter((r) => r.gate.passed === false);
  if (opts.check && failed.length > 0) {
    p.err(`FAILED: ${failed.map((r) => r.grader.id).join(", ")} below thresholds (see the report above).`);
    return 1;
  }
  return 0;
}

/**
 * `npm run eval` as a function: runs with the given arguments and io and returns the exit code
 * (0 ok, 1 below thresholds with --check, 2 bad usage or data). Nothing is read from or written
 * to the process except through io (the database, when used, comes from io.env).
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const p = printers(io);
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (err) {
    p.err(`${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (opts.help) {
    p.out(HELP);
    return 0;
  }
  let database: Database | undefined;
  const db = async () => {
    if (!database) {
      const env = parseEnv(io.env);
      database = await createDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
      await database.migrate();
    }
    return database;
  };
  try {
    return await evaluateGraders({ io, opts, p, db });
  } catch (err) {
    // Bad configuration, content or thresholds: the message names the file and field; no stack.
    if (
      err instanceof UsageError ||
      err instanceof EnvError ||
      err instanceof ContentError ||
      err instanceof ThresholdsError
    ) {
      p.err(err.message);
      return 2;
    }
    throw err;
  } finally {
    await database?.close();
  }
}
