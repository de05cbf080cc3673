/**
 * `npm run bench [interview] [turn-llm] [llm] [queue] [eval]`: every number is printed next to a baseline measured in
 * the same run, or as a ratio to the target it has to meet (ratio <= 1 meets it).
 */
import { benchEvalCachedRerun, benchEvalConcurrency, benchOfflineGeneric } from "./eval-bench.ts";
import type { BenchDatabase } from "./harness.ts";
import { benchInterviews } from "./interview-bench.ts";
import { benchLlmGrading } from "./llm-bench.ts";
import { benchQueue } from "./queue-bench.ts";
import { fmt } from "./stats.ts";
import { benchTurnLlm } from "./turn-llm-bench.ts";

const pgUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
// BENCH_DRIVER=pglite runs the interview benches on an in-memory PGlite instead.
const target: BenchDatabase =
  process.env.BENCH_DRIVER === "pglite" ? { driver: "pglite" } : { driver: "postgres", baseUrl: pgUrl };
const dbLabel = target.driver === "pglite" ? "PGlite" : "PostgreSQL";
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want("interview")) {
  console.log(`# Interview turns over HTTP, offline grader, ${dbLabel}`);
  console.log("baseline = bare Hono route doing one INSERT and one SELECT, same server, same concurrency\n");
  console.log(
    "| candidates | turns | p50 ms | p99 ms | turns/s | baseline p50 | baseline p99 | baseline req/s | p50 x | p99 x | throughput x |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of await benchInterviews(target, [50, 200])) {
    const i = r.interview;
    const b = r.baseline;
    console.log(
      `| ${r.concurrency} | ${i.requests} | ${fmt(i.p50)} | ${fmt(i.p99)} | ${fmt(i.throughput)} | ${fmt(b.p50)} | ${fmt(b.p99)} | ${fmt(b.throughput)} | ${fmt(i.p50 / b.p50, 2)} | ${fmt(i.p99 / b.p99, 2)} | ${fmt(i.throughput / b.throughput, 2)} |`,
    );
  }
  console.log();
}

if (want("turn-llm")) {
  const r = await benchTurnLlm(target);
  console.log(`# Interview turns with a model interviewer over HTTP, LLM grader, ${dbLabel}`);
  console.log(
    `${r.candidates} candidates at once, ${r.questions} questions each, one follow-up each (follow-up calls take ${r.followupDelayMs} ms)\n`,
  );
  console.log("| run | turns | p50 ms | p90 ms | p99 ms | max ms | follow-up calls | grading calls |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const [name, run] of [
    ["instant grading (baseline)", r.instant],
    [`grading calls take ${r.slowGradeMs} ms`, r.slow],
    [`interviewer model hung, deadline ${r.deadlineMs} ms`, r.hung],
  ] as const) {
    const l = run.latency;
    console.log(
      `| ${name} | ${l.requests} | ${fmt(l.p50)} | ${fmt(l.p90)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${run.followupCalls} | ${run.gradeCalls} |`,
    );
  }
  console.log();
  console.log("| target | measured | ratio (<= 1 meets it) |");
  console.log("|---|---|---|");
  const p99x = r.slow.latency.p99 / r.instant.latency.p99;
  console.log(`| slow-grading p99 <= 1.2 x instant p99 | ${fmt(p99x, 2)} x | ${fmt(p99x / 1.2, 2)} |`);
  const bound = r.deadlineMs + 1000;
  console.log(
    `| hung model: every turn within deadline + 1 s (${bound} ms) | max ${fmt(r.hung.latency.max)} ms | ${fmt(r.hung.latency.max / bound, 2)} |`,
  );
  console.log(
    `| hung model: the offline interviewer decided every consulted turn after the deadline, and said so | ${r.hungFallbacks} of ${r.hungConsulted} turns | ${r.hungFallbacks === r.hungConsulted ? "met" : "missed"} |`,
  );
  console.log();
}

if (want("llm")) {
  console.log("# LLM grading through the scripted OpenAI-compatible server");
  console.log("baseline = the bare openai client sending the same completions at the same concurrency\n");
  console.log(
    "| grades | concurrency | delay ms | p50 ms | p99 ms | grades/s | baseline p50 | p50 x | throughput x | tokens recorded / sent |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const opts of [
    { grades: 200, concurrency: 4, delayMs: 0, failEvery: 10 },
    { grades: 200, concurrency: 4, delayMs: 200, failEvery: 10 },
  ]) {
    const r = await benchLlmGrading(opts);
    const tokens = `${r.recorded.inputTokens + r.recorded.outputTokens} / ${r.expected.inputTokens + r.expected.outputTokens}`;
    console.log(
      `| ${r.grades} (every ${opts.failEvery}th reply a 500) | ${r.concurrency} | ${r.delayMs} | ${fmt(r.grader.p50)} | ${fmt(r.grader.p99)} | ${fmt(r.grader.throughput)} | ${fmt(r.baseline.p50)} | ${fmt(r.grader.p50 / r.baseline.p50, 2)} | ${fmt(r.grader.throughput / r.baseline.throughput, 2)} | ${tokens} |`,
    );
  }
  console.log();
}

if (want("queue")) {
  console.log("# Grading queue over worker processes (MOCKLOOP_ROLE=worker) on one PostgreSQL database");
  console.log("baseline = ideal throughput C / L: every one of the C model slots busy all the time\n");
  console.log(
    "| workers | grades | total model concurrency | model delay ms | seconds | grades/s | ideal grades/s | throughput / ideal | peak model calls at once | double-graded | stranded |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const workers of [1, 2, 4]) {
    const r = await benchQueue(pgUrl, { workers, grades: 400, totalConcurrency: 8, delayMs: 500 });
    console.log(
      `| ${r.workers} | ${r.grades} | ${r.totalConcurrency} | ${r.delayMs} | ${fmt(r.seconds, 2)} | ${fmt(r.throughput, 2)} | ${fmt(r.ideal, 2)} | ${fmt(r.throughput / r.ideal, 2)} | ${r.peakModelConcurrency} | ${r.doubleGraded} | ${r.stranded} |`,
    );
  }
  console.log();
}

if (want("eval")) {
  console.log("# Eval runner (ratio = measured / target; <= 1 meets the target)\n");
  console.log("| bench | measured s | target s | ratio | detail |");
  console.log("|---|---|---|---|---|");
  const a = await benchEvalConcurrency({ items: 64, concurrency: 8, delayMs: 500 });
  console.log(
    `| ${a.items} items, concurrency ${a.concurrency}, model delay ${a.delayMs} ms | ${fmt(a.seconds, 2)} | ${fmt(a.targetSeconds, 2)} (1.15 x N*L/C) | ${fmt(a.ratio, 2)} | bare HTTP at the same concurrency: ${fmt(a.rawSeconds, 2)} s; ${a.modelCalls} model calls |`,
  );
  const b = await benchEvalCachedRerun({ items: 240 });
  console.log(
    `| fully cached re-run of ${b.items} items | ${fmt(b.seconds, 3)} | ${fmt(b.targetSeconds, 1)} | ${fmt(b.ratio, 3)} | no model calls |`,
  );
  const c = await benchOfflineGeneric({ items: 2000 });
  console.log(
    `| offline grader, ${c.items} generic items | ${fmt(c.seconds, 3)} | ${fmt(c.targetSeconds, 1)} | ${fmt(c.ratio, 3)} | |`,
  );
  console.log();
}

// Replies the scripted model server still holds (a hung model, slow grades) would keep the process alive.
process.exit(0);
