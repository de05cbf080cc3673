/**
 * Grading latency through the real LLM grader and client against the scripted OpenAI-compatible
 * server (tests/support/scripted-llm.ts), and whether llm_calls accounts every token.
 *
 * Baseline: the same number of chat completions with the same reply, sent by the bare openai
 * client at the same concurrency, measured in the same run. The ratio is the grader's own cost
 * (prompt rendering, LangChain, validation, quote checks, guards, one INSERT per call).
 */
import { sql } from "drizzle-orm";
import OpenAI from "openai";
import { parseEnv } from "../src/config/env.ts";
import { loadContent } from "../src/content/load.ts";
import { createDatabase } from "../src/db/client.ts";
import { llmCalls } from "../src/db/schema.ts";
import { createLogger } from "../src/log.ts";
import { buildServices } from "../src/services.ts";
import { type RecordedRequest, type ScriptedReply, startScriptedLlm } from "../tests/support/scripted-llm.ts";
import { scriptedGrade } from "./scripted-replies.ts";
import { type LatencySummary, summarize } from "./stats.ts";

export interface LlmBenchResult {
  delayMs: number;
  grades: number;
  concurrency: number;
  grader: LatencySummary;
  baseline: LatencySummary;
  /** Scripted usage summed over every reply the server sent, failed ones included. */
  expected: { calls: number; inputTokens: number; outputTokens: number };
  recorded: { calls: number; inputTokens: number; outputTokens: number };
}

const USAGE = { prompt_tokens: 1800, completion_tokens: 420 };

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

export async function benchLlmGrading(opts: {
  grades: number;
  concurrency: number;
  delayMs: number;
  failEvery?: number;
}) {
  const content = loadContent();
  const hub = [...content.roles.values()][0];
  if (!hub) throw new Error("no role");
  const questions = hub.questions.slice(0, 20);
  const llm = await startScriptedLlm();
  let served = 0;
  let failed = 0;
  let failing = true;
  const reply = (req: RecordedRequest): ScriptedReply => {
    served++;
    if (failing && opts.failEvery && served % opts.failEvery === 0) {
      failed++;
      return { kind: "status", status: 500, delayMs: opts.delayMs };
    }
    return scriptedGrade(questions, req, { delayMs: opts.delayMs, usage: USAGE });
  };
  llm.otherwise(reply);

  const database = await createDatabase({ dataDir: "memory://" });
  await database.migrate();
  const services = buildServices(
    parseEnv({
      LOG_LEVEL: "silent",
      SERVE_WEB: "false",
      OPENAI_BASE_URL: llm.url,
      MOCKLOOP_GRADER_MODEL: "scripted-model",
      LLM_CONCURRENCY: String(opts.concurrency),
      LLM_RETRY_BASE_MS: "1",
      LLM_MAX_RETRIES: "3",
    }),
    database,
    content,
    createLogger("silent"),
  );
  if (!services.model) throw new Error("the scripted model should be configured");
  const { grader } = services.model;

  const jobs = Array.from({ length: opts.grades }, (_, i) => questions[i % questions.length]!);
  // Warm up module loading and connections so that neither side pays for it in the timings.
  await grader.grade({
    question: jobs[0]!,
    rubric: hub.rubric,
    exchange: [{ turnId: "w", kind: "question", prompt: "", answer: jobs[0]!.modelAnswer }],
  });
  await database.db.delete(llmCalls);
  served = 0;
  failed = 0;

  const latencies: number[] = [];
  const started = performance.now();
  await pool(jobs, opts.concurrency, async (q) => {
    const t0 = performance.now();
    await grader.grade({
      question: q,
      rubric: hub.rubric,
      exchange: [{ turnId: "t", kind: "question", prompt: q.text, answer: q.modelAnswer }],
    });
    latencies.push(performance.now() - t0);
  });
  const graderSummary = summarize(latencies, performance.now() - started);
  const expected = {
    calls: served,
    inputTokens: (served - failed) * USAGE.prompt_tokens,
    outputTokens: (served - failed) * USAGE.completion_tokens,
  };
  const [r] = await database.db
    .select({
      calls: sql<number>`count(*)::int`,
      input: sql<number>`coalesce(sum(${llmCalls.inputTokens}), 0)::int`,
      output: sql<number>`coalesce(sum(${llmCalls.outputTokens}), 0)::int`,
    })
    .from(llmCalls);
  if (!r) throw new Error("no totals");

  // Baseline: the same successful replies through the bare openai client.
  failing = false;
  const bare = new OpenAI({ apiKey: "x", baseURL: llm.url, maxRetries: 0 });
  const base: number[] = [];
  const baseStart = performance.now();
  await pool(jobs, opts.concurrency, async (q) => {
    const t0 = performance.now();
    await bare.chat.completions.create({ model: "scripted-model", messages: [{ role: "user", content: q.text }] });
    base.push(performance.now() - t0);
  });
  const baseline = summarize(base, performance.now() - baseStart);

  await database.close();
  await llm.close();
  return {
    delayMs: opts.delayMs,
    grades: opts.grades,
    concurrency: opts.concurrency,
    grader: graderSummary,
    baseline,
    expected,
    recorded: { calls: r.calls, inputTokens: r.input, outputTokens: r.output },
  } satisfies LlmBenchResult;
}
