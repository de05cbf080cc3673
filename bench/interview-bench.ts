import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AnswerAcceptedT, SessionViewT } from "../src/api/schemas.ts";
import { createApp } from "../src/app.ts";
import { parseEnv } from "../src/config/env.ts";
import { loadContent } from "../src/content/load.ts";
import type { Database } from "../src/db/client.ts";
import { createLogger } from "../src/log.ts";
import { buildServices } from "../src/services.ts";
import { type BenchDatabase, listen, openBenchDatabase, post } from "./harness.ts";
import { type LatencySummary, summarize } from "./stats.ts";

/** One candidate's whole interview over HTTP; returns each turn's latency in ms. */
async function runCandidate(url: string, answers: Map<string, string>): Promise<number[]> {
  const token = ((await (await post(`${url}/api/candidates`, {})).json()) as { token: string }).token;
  const session = (await (await post(`${url}/api/sessions`, { preset: "full-loop" }, token)).json()) as SessionViewT;
  const latencies: number[] = [];
  let current = session.current;
  while (current) {
    const text = answers.get(current.text) ?? "I would need to think about that more carefully before answering.";
    const started = performance.now();
    const res = await post(`${url}/api/sessions/${session.id}/answers`, { turnId: current.turnId, text }, token);
    const body = (await res.json()) as AnswerAcceptedT;
    latencies.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`turn failed: ${res.status} ${JSON.stringify(body)}`);
    current = body.next;
  }
  const sc = await fetch(`${url}/api/sessions/${session.id}/scorecard`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (sc.status !== 200) throw new Error(`scorecard failed: ${sc.status}`);
  return latencies;
}

async function timeInterviews(url: string, concurrency: number, answers: Map<string, string>) {
  const started = performance.now();
  const all = await Promise.all(Array.from({ length: concurrency }, () => runCandidate(url, answers)));
  return summarize(all.flat(), performance.now() - started);
}

/** postgres.js returns the rows, PGlite an object holding them. */
const rowsOf = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);

/** The floor: a bare Hono route doing one INSERT and one SELECT on the same server. */
async function timeBaseline(database: Database, concurrency: number, requestsPerClient: number) {
  await database.db.execute(sql`create table if not exists bench_baseline (id serial primary key, body text not null)`);
  const app = new Hono();
  app.post("/baseline", async (c) => {
    const { text } = await c.req.json<{ text: string }>();
    const inserted = rowsOf<{ id: number }>(
      await database.db.execute(sql`insert into bench_baseline (body) values (${text}) returning id`),
    );
    const found = rowsOf(
      await database.db.execute(sql`select id, body from bench_baseline where id = ${inserted[0]?.id}`),
    );
    if (found.length !== 1) throw new Error("the baseline row was not found");
    return c.json({ found: found.length });
  });
  const { server, url } = await listen(app.fetch);
  // Warm first, as the interview route was: a cold route measured over a second flatters every ratio.
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < requestsPerClient; i++) await (await post(`${url}/baseline`, { text: "warm-up" })).json();
    }),
  );
  const started = performance.now();
  const lat = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const out: number[] = [];
      for (let i = 0; i < requestsPerClient; i++) {
        const t0 = performance.now();
        const res = await post(`${url}/baseline`, { text: "An answer of ordinary length about overfitting." });
        await res.json();
        out.push(performance.now() - t0);
      }
      return out;
    }),
  );
  const summary = summarize(lat.flat(), performance.now() - started);
  server.close();
  return summary;
}

export interface InterviewBenchResult {
  concurrency: number;
  interview: LatencySummary;
  baseline: LatencySummary;
}

export async function benchInterviews(target: BenchDatabase, levels: number[]): Promise<InterviewBenchResult[]> {
  const { database, env } = await openBenchDatabase(target, "mockloop_bench");
  const content = loadContent();
  const hub = content.hub("ml-engineer");
  // Half of each model answer: realistic length, and it leaves gaps for follow-ups.
  const answers = new Map(
    hub?.questions.map((q) => [q.text, q.modelAnswer.slice(0, Math.ceil(q.modelAnswer.length / 2))]),
  );
  const services = buildServices(
    parseEnv({
      LOG_LEVEL: "silent",
      SERVE_WEB: "false",
      ...env,
      // Hundreds of candidates from one address: the abuse limits would turn the bench into 429s.
      MOCKLOOP_LIMIT_CANDIDATES: "off",
      MOCKLOOP_LIMIT_ANSWERS: "off",
    }),
    database,
    content,
    createLogger("silent"),
  );
  await services.grading.start();
  const { server, url } = await listen(createApp(services).fetch);
  const results: InterviewBenchResult[] = [];
  try {
    await timeInterviews(url, 5, answers); // warm-up
    for (const concurrency of levels) {
      const interview = await timeInterviews(url, concurrency, answers);
      const perClient = Math.max(1, Math.round(interview.requests / concurrency));
      const baseline = await timeBaseline(database, concurrency, perClient);
      results.push({ concurrency, interview, baseline });
    }
    await services.grading.idle();
  } finally {
    services.grading.stop();
    server.close();
    await database.close();
  }
  return results;
}
