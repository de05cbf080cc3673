/**
 * Benchmarks of the eval runner. Each function returns numbers; bench/run.ts prints them.
 *
 *   import { benchEvalConcurrency, benchEvalCachedRerun, benchOfflineGeneric } from "./eval-bench.ts";
 *   const a = await benchEvalConcurrency({ items: 64, concurrency: 8, delayMs: 500 });
 *   //  a.ratio = a.seconds / (1.15 · N·L/C); at most 1 meets the target
 *   const b = await benchEvalCachedRerun({ items: 240 });   // b.ratio = b.seconds / 2
 *   const c = await benchOfflineGeneric({ items: 2000 });   // c.ratio = c.seconds / 5
 *
 * (a) talks to the scripted OpenAI-compatible server (tests/support/scripted-llm.ts) through the
 * real LLM grader and client; every reply arrives after a fixed delay L. Nothing here touches a
 * database: runs are not stored (db: null), so the numbers are the runner's own.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadContent } from "../src/content/load.ts";
import type { Question } from "../src/content/schema.ts";
import type { EvalData, GenericCase, RubricCase } from "../src/evals/dataset.ts";
import { EvalItemSchema, type GoldLabel } from "../src/evals/format.ts";
import { llmGrader } from "../src/evals/graders.ts";
import { mapPool } from "../src/evals/pool.ts";
import { runOne } from "../src/evals/runner.ts";
import { seededRandom } from "../src/evals/sampling.ts";
import { NO_SPLIT } from "../src/evals/split.ts";
import { OfflineGrader } from "../src/grading/offline/grader.ts";
import { type ScriptedLlm, startScriptedLlm } from "../tests/support/scripted-llm.ts";

const content = loadContent();
const bank = [...content.roles.values()].flatMap((hub) =>
  hub.questions.map((q) => ({ q, rubric: hub.rubric, roleId: hub.role.id })),
);

const ANSWER_PARTS = [
  "I would start from a simple baseline and a clear metric tied to what the business needs.",
  "Then I would hold out data the model never saw, split by time when the data has an order.",
  "The main risk is leakage, so every transform is fitted on the training fold only.",
  "In production I would monitor drift in inputs and predictions and alert on it.",
  "um, so, you know, it depends on the latency budget and the cost of each error type.",
];

/** Synthetic rubric items over the whole bank, with seeded gold labels so metrics do real work. */
export function syntheticRubricData(n: number, seed = 1): EvalData {
  const rand = seededRandom(seed);
  const cases: RubricCase[] = [];
  for (let i = 0; i < n; i++) {
    const ref = bank[i % bank.length];
    if (!ref) throw new Error("the question bank is empty");
    const parts = ANSWER_PARTS.filter(() => rand() < 0.6);
    const item = EvalItemSchema.parse({
      id: `bench-${i}`,
      questionId: ref.q.id,
      quality: "adequate",
      style: "structured",
      answer: `${parts.join(" ") || "I am not sure."} (answer ${i})`,
    });
    const level = () => (1 + Math.floor(rand() * 4)) as 1 | 2 | 3 | 4;
    const gold: GoldLabel = {
      itemId: item.id,
      competencies: Object.fromEntries(ref.q.competencies.map((c) => [c, level()])),
      keyPoints: Object.fromEntries(ref.q.keyPoints.map((k) => [k.id, rand() < 0.5 ? "covered" : "missed"])),
      rationale: "synthetic",
      settled: [],
    };
    cases.push({
      item,
      question: ref.q,
      rubric: ref.rubric,
      roleId: ref.roleId,
      round: ref.q.round,
      split: "dev",
      file: "bench",
      gold,
    });
  }
  return { cases, generic: [], problems: [], split: NO_SPLIT, goldFile: null, unlabelled: [] };
}

/** A valid structured grade for whichever question the request is about, quoting its answer. */
function gradeReplyFor(questions: readonly Question[]) {
  return (text: string) => {
    const q = questions.find((x) => text.includes(x.text)) ?? questions[0];
    if (!q) throw new Error("no questions");
    const quote = ANSWER_PARTS.find((p) => text.includes(p));
    const evidence = quote ? [quote] : [];
    return {
      competencies: q.competencies.map((c, i) => ({
        competencyId: c,
        evidence,
        rationale: "scripted",
        level: quote ? String(1 + ((text.length + i) % 4)) : "not observed",
      })),
      keyPoints: q.keyPoints.map((k, i) => ({
        keyPointId: k.id,
        evidence: i === 0 ? evidence : [],
        status: i === 0 && quote ? "partial" : "missed",
      })),
      strengths: [],
      improvements: ["Say more."],
      summary: "Scripted grade for benchmarking.",
    };
  };
}

async function withScriptedLlm<T>(
  delayMs: number,
  concurrency: number,
  fn: (llm: ScriptedLlm, env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const llm = await startScriptedLlm();
  const reply = gradeReplyFor(bank.map((b) => b.q));
  llm.otherwise((req) => ({
    kind: "json",
    delayMs,
    value: reply(req.body.messages.map((m) => m.content ?? "").join("\n")),
  }));
  const env = {
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: "bench",
    MOCKLOOP_GRADER_MODEL: "scripted-model",
    LLM_MAX_RETRIES: "0",
    LLM_TIMEOUT_MS: "60000",
    LLM_CONCURRENCY: String(Math.min(64, concurrency)),
  };
  try {
    return await fn(llm, env);
  } finally {
    await llm.close();
  }
}

export interface ConcurrencyResult {
  items: number;
  concurrency: number;
  delayMs: number;
  seconds: number;
  /** N·L/C: what perfect overlap would take. */
  idealSeconds: number;
  /** 1.15 · N·L/C. */
  targetSeconds: number;
  /** seconds / targetSeconds; at most 1 meets the target. */
  ratio: number;
  /** The same N requests sent straight to the scripted server at concurrency C, no grader. */
  rawSeconds: number;
  modelCalls: number;
}

/** (a) N items at concurrency C against a model that answers after L ms. */
export async function benchEvalConcurrency(
  opts: { items?: number; concurrency?: number; delayMs?: number } = {},
): Promise<ConcurrencyResult> {
  const n = opts.items ?? 64;
  const c = opts.concurrency ?? 8;
  const delayMs = opts.delayMs ?? 500;
  return withScriptedLlm(delayMs, c, async (llm, env) => {
    const grader = llmGrader({ content, env, concurrency: c });
    const data = syntheticRubricData(n);
    // Warm-up, untimed: the first calls load the model client's modules and open C connections.
    const warm = syntheticRubricData(c, 99);
    await runOne(grader, {
      db: null,
      graders: [grader],
      data: warm,
      datasets: ["warm-up"],
      concurrency: c,
      cache: "off",
      resamples: 10,
    });
    const before = llm.requests.length;
    const started = performance.now();
    const run = await runOne(grader, {
      db: null,
      graders: [grader],
      data,
      datasets: ["bench"],
      concurrency: c,
      cache: "off",
      resamples: 200,
    });
    const seconds = (performance.now() - started) / 1000;
    const errors = run.metrics.counts.errors;
    if (errors > 0) throw new Error(`${errors} items failed: ${run.items.find((i) => i.error)?.error}`);
    const modelCalls = llm.requests.length - before;

    const rawStarted = performance.now();
    await mapPool(Array.from({ length: n }), c, async () => {
      const res = await fetch(`${llm.url}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer bench" },
        body: JSON.stringify({ model: "scripted-model", messages: [{ role: "user", content: bank[0]?.q.text ?? "" }] }),
      });
      await res.text();
    });
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    const idealSeconds = (n * delayMs) / c / 1000;
    return {
      items: n,
      concurrency: c,
      delayMs,
      seconds,
      idealSeconds,
      targetSeconds: 1.15 * idealSeconds,
      ratio: seconds / (1.15 * idealSeconds),
      rawSeconds,
      modelCalls,
    };
  });
}

export interface TimedResult {
  items: number;
  seconds: number;
  targetSeconds: number;
  ratio: number;
}

/** (b) A second, unchanged run of 240 items: everything from .eval-cache, no model calls. */
export async function benchEvalCachedRerun(
  opts: { items?: number } = {},
): Promise<TimedResult & { modelCalls: number; cached: number }> {
  const n = opts.items ?? 240;
  const cacheDir = mkdtempSync(join(tmpdir(), "eval-bench-cache-"));
  try {
    return await withScriptedLlm(0, 16, async (llm, env) => {
      const data = syntheticRubricData(n);
      const run = (concurrency: number) => {
        const grader = llmGrader({ content, env, concurrency });
        return runOne(grader, {
          db: null,
          graders: [grader],
          data,
          datasets: ["bench"],
          concurrency,
          cache: "on",
          cacheDir,
        });
      };
      await run(16);
      const before = llm.requests.length;
      const started = performance.now();
      const again = await run(16);
      const seconds = (performance.now() - started) / 1000;
      return {
        items: n,
        seconds,
        targetSeconds: 2,
        ratio: seconds / 2,
        modelCalls: llm.requests.length - before,
        cached: again.metrics.counts.cached,
      };
    });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** Generic items made from the bank: model answers scored against each other, cut at seeded lengths. */
export function syntheticGenericData(n: number, seed = 2): EvalData {
  const rand = seededRandom(seed);
  const generic: GenericCase[] = [];
  for (let i = 0; i < n; i++) {
    const ref = bank[i % bank.length]?.q;
    const other = bank[(i * 7 + 3) % bank.length]?.q;
    if (!ref || !other) throw new Error("the question bank is empty");
    const source = rand() < 0.8 ? ref.modelAnswer : other.modelAnswer;
    const words = source.split(/\s+/);
    const answer = words.slice(0, Math.max(1, Math.floor(words.length * rand()))).join(" ");
    generic.push({
      dataset: "bench",
      item: {
        id: `g${i}`,
        question: ref.text,
        reference_answer: ref.modelAnswer,
        answer,
        score: Math.round(rand() * 5),
        max_score: 5,
        min_score: 0,
      },
    });
  }
  return { cases: [], generic, problems: [], split: NO_SPLIT, goldFile: null, unlabelled: [] };
}

/** (c) The offline grader over 2,000 generic items, metrics included. */
export async function benchOfflineGeneric(opts: { items?: number } = {}): Promise<TimedResult> {
  const n = opts.items ?? 2000;
  const grader = OfflineGrader.forContent(content);
  const data = syntheticGenericData(n);
  const started = performance.now();
  const run = await runOne(grader, {
    db: null,
    graders: [grader],
    data,
    datasets: ["bench"],
    concurrency: 4,
    cache: "off",
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.metrics.counts.errors > 0) throw new Error("offline grading failed on generic items");
  return { items: n, seconds, targetSeconds: 5, ratio: seconds / 5 };
}
