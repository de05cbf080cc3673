import type { Db } from "../db/client.ts";
import type { Grader, GraderInfo, Usage } from "../grading/types.ts";
import { EvalCache } from "./cache.ts";
import type { EvalData, GenericCase, RubricCase } from "./dataset.ts";
import { evaluate } from "./evaluate.ts";
import { gradeGenericCase, gradeRubricCase } from "./grade-item.ts";
import { mapPool } from "./pool.ts";
import { type Progress, silentProgress } from "./progress.ts";
import type { ItemResult } from "./results.ts";
import { type RunRecord, saveRun } from "./store.ts";
import { checkThresholds, type ThresholdsFile, thresholdsFor } from "./thresholds.ts";

/**
 * "auto" caches graders that call a model and skips the cache for the offline grader, which is
 * cheaper to run than to look up and whose code can change without a version bump while it is
 * being worked on.
 */
export type CacheMode = "on" | "off" | "auto";

export interface RunnerOptions {
  /** Where runs are stored; null runs without storing (for example a dry run). */
  db: Db | null;
  graders: readonly Grader[];
  data: EvalData;
  /** Names of the dataset files or folders, recorded with the run. */
  datasets: readonly string[];
  concurrency?: number;
  repeats?: number;
  cache?: CacheMode;
  cacheDir?: string;
  thresholds?: ThresholdsFile | null;
  label?: string | null;
  progress?: Progress;
  /** Bootstrap settings; fixed seed so a re-run reports the same intervals. */
  seed?: number;
  resamples?: number;
  /** Fit an isotonic map on each generic dataset and report it by K-fold cross-validation. */
  calibrateFolds?: number | null;
  signal?: AbortSignal;
}

export interface RunnerStats {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheHits: number;
}

function usesCache(mode: CacheMode, info: GraderInfo): boolean {
  return mode === "on" || (mode === "auto" && info.model !== null);
}

type Task = { kind: "rubric"; index: number; repeat: number } | { kind: "generic"; index: number; repeat: number };

/** Grades every item with one grader, computes metrics, checks thresholds and stores the run. */
export async function runOne(grader: Grader, opts: RunnerOptions): Promise<RunRecord & { stats: RunnerStats }> {
  const info = grader.info();
  const repeats = Math.max(1, opts.repeats ?? 1);
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const cacheMode = opts.cache ?? "auto";
  const cache = opts.cacheDir && usesCache(cacheMode, info) ? new EvalCache(opts.cacheDir) : null;
  const progress = opts.progress ?? silentProgress;
  const tasks: Task[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    opts.data.cases.forEach((_, index) => {
      tasks.push({ kind: "rubric", index, repeat });
    });
    opts.data.generic.forEach((_, index) => {
      tasks.push({ kind: "generic", index, repeat });
    });
  }
  const usage: Usage = { inputTokens: 0, outputTokens: 0, latencyMs: 0, calls: 0 };
  const started = performance.now();
  progress.start(`${info.id}${info.model ? ` ${info.model}` : ""}`, tasks.length);
  const items: ItemResult[] = await mapPool(tasks, concurrency, async (t) => {
    const graded =
      t.kind === "rubric"
        ? await gradeRubricCase(grader, opts.data.cases[t.index] as RubricCase, t.repeat, cache, opts.signal)
        : await gradeGenericCase(grader, opts.data.generic[t.index] as GenericCase, t.repeat, cache, opts.signal);
    if (graded.usage) {
      usage.inputTokens += graded.usage.inputTokens;
      usage.outputTokens += graded.usage.outputTokens;
      usage.calls += graded.usage.calls;
    }
    progress.tick({ cached: graded.result.cached, error: graded.result.error !== null });
    return graded.result;
  });
  progress.done();
  const durationMs = performance.now() - started;
  const metrics = evaluate(items, {
    seed: opts.seed,
    resamples: opts.resamples,
    calibrateFolds: opts.calibrateFolds ?? null,
  });
  const gate = checkThresholds(metrics, thresholdsFor(opts.thresholds ?? null, info));
  const rubricVersions = [...new Set(opts.data.cases.map((c) => c.rubric.version))];
  const stats: RunnerStats = {
    calls: usage.calls,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheHits: cache?.hits ?? 0,
  };
  const record: Omit<RunRecord, "id" | "createdAt"> = {
    label: opts.label ?? null,
    grader: info,
    rubricVersion: rubricVersions.length === 1 ? (rubricVersions[0] as number) : null,
    datasets: [...opts.datasets],
    config: {
      concurrency,
      repeats,
      cache: cache ? "on" : "off",
      goldFile: opts.data.goldFile,
      seed: opts.seed ?? null,
      split: opts.data.split.file,
      calibrateFolds: opts.calibrateFolds ?? null,
      ...stats,
    },
    metrics,
    gate,
    itemCount: opts.data.cases.length + opts.data.generic.length,
    durationMs,
    items,
  };
  const id = opts.db ? await saveRun(opts.db, record) : null;
  return { ...record, id, createdAt: new Date().toISOString(), stats };
}

/** Runs each grader in turn over the same data, so their results sit side by side. */
export async function runEval(opts: RunnerOptions): Promise<(RunRecord & { stats: RunnerStats })[]> {
  const out: (RunRecord & { stats: RunnerStats })[] = [];
  for (const g of opts.graders) out.push(await runOne(g, opts));
  return out;
}
