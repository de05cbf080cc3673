import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../src/db/client.ts";
import {
  createPgDatabase,
  type Instance,
  type PgDatabase,
  startInstance,
  stopInstance,
  troubleLines,
  waitFor,
} from "../support/instances.ts";
import { type ScriptedLlm, startScriptedLlm } from "../support/scripted-llm.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";
import {
  allGraded,
  answerOneQuestion,
  Balancer,
  call,
  checkGrades,
  fixed,
  modelEnv,
  type Outcome,
  questions,
  scriptModel,
  sleep,
} from "./support.ts";

/**
 * Several real server processes on one PostgreSQL database, with the scripted model: the queue
 * must never lose, double or strand a grade through restarts, crashes, outages and shutdowns.
 */

const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as { entries: unknown[] };

let llm: ScriptedLlm;
let db: PgDatabase | undefined;
let proxy: TcpProxy | undefined;
const running: Instance[] = [];

beforeAll(async () => {
  llm = await startScriptedLlm();
});
afterAll(async () => {
  await llm.close();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((i) => stopInstance(i)));
  await proxy?.close();
  proxy = undefined;
  await db?.drop();
  db = undefined;
  llm.reset();
});

async function start(name: string, env: Record<string, string>): Promise<Instance> {
  const i = await startInstance(name, env);
  running.push(i);
  return i;
}

const serverErrors = (outcomes: Outcome[]) =>
  outcomes.filter((o) => typeof o.status !== "number" || o.status >= 500).map((o) => `${o.status} ${o.detail ?? ""}`);

describe("many instances on one PostgreSQL database", () => {
  it("migrates once when instances start together; a rolling restart under load (SIGTERM) has no reset, no 5xx, and grades everything exactly once", async () => {
    db = await createPgDatabase({ empty: true });
    scriptModel(llm, 300);
    const env = modelEnv(llm, { DATABASE_URL: db.url, LLM_SESSION_SUMMARY: "true", SHUTDOWN_DELAY_MS: "1000" });
    const a = await start("a", env);
    const b = await start("b", env);
    await Promise.all([a.waitReady(), b.waitReady()]);
    const applied = await db.sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied[0]?.n).toBe(journal.entries.length);

    const pool = [a, b];
    const lb = new Balancer(() => pool);
    const outcomes: Outcome[] = [];
    const sessions: string[] = [];
    const qs = questions();
    let load = true;
    let n = 0;
    const candidate = async () => {
      while (load) {
        const r = await answerOneQuestion(
          async () => (await lb.pick()).base,
          qs[n++ % qs.length] as (typeof qs)[number],
        );
        outcomes.push(...r.outcomes);
        if (r.sessionId) sessions.push(r.sessionId);
        await sleep(100);
      }
    };
    const loads = [candidate(), candidate(), candidate()];
    // Replacements start while the old instances serve; then each old one gets SIGTERM in turn.
    const a2 = await start("a2", env);
    const b2 = await start("b2", env);
    for (const [old, fresh] of [
      [a, a2],
      [b, b2],
    ] as [Instance, Instance][]) {
      await fresh.waitReady();
      pool.push(fresh);
      await sleep(500);
      old.child.kill("SIGTERM");
      expect(await old.exited).toEqual({ code: 0, signal: null });
      pool.splice(pool.indexOf(old), 1);
    }
    await sleep(500);
    load = false;
    await Promise.all(loads);
    lb.stop();
    expect(outcomes.length).toBeGreaterThan(20);
    expect(serverErrors(outcomes)).toEqual([]);
    await allGraded(db.sql, sessions.length, 30_000);
    await waitFor(
      "every debrief",
      async () => {
        const [r] = await db!.sql`select count(*)::int as n from sessions where summary is not null`;
        return r?.n === sessions.length;
      },
      30_000,
    );
    const check = await checkGrades(db.sql);
    expect(check).toMatchObject({ grades: sessions.length, graded: sessions.length, notExactlyOnce: 0 });
    expect(check.gradeCalls).toBe(sessions.length);
    const debriefCalls = await db.sql`
      select session_id, count(*)::int as n from llm_calls where purpose = 'session-summary' group by session_id`;
    expect(debriefCalls).toHaveLength(sessions.length);
    expect(debriefCalls.every((r) => r.n === 1)).toBe(true);
    for (const i of [a, b, a2, b2]) expect(troubleLines(i)).toEqual([]);
  });

  it("finishes a killed instance's grades on another within the lease time", async () => {
    db = await createPgDatabase();
    scriptModel(llm, 1500);
    const env = modelEnv(llm, { DATABASE_URL: db.url, QUEUE_LEASE_MS: "2000" });
    const a = await start("a", env);
    const b = await start("b", env);
    await Promise.all([a.waitReady(), b.waitReady()]);
    const qs = questions().slice(0, 8);
    const results = await Promise.all(qs.map((q) => answerOneQuestion(fixed(a), q)));
    expect(serverErrors(results.flatMap((r) => r.outcomes))).toEqual([]);
    const held = await waitFor(
      "a to hold jobs",
      async () => {
        const rows = await db!.sql`select grade_id from jobs where lease_owner = 'a' and status = 'running'`;
        return rows.length > 0 ? rows.map((r) => r.grade_id as string) : null;
      },
      10_000,
    );
    a.child.kill("SIGKILL");
    const killedAt = Date.now();
    await a.exited;
    await allGraded(db.sql, qs.length, 20_000);
    const taken = await db.sql`
      select j.attempts, extract(epoch from g.graded_at) * 1000 as graded_ms
      from jobs j join grades g on g.id = j.grade_id where j.grade_id in ${db.sql(held)}`;
    // Taken over after the 2 s lease ran out, then one 1.5 s model call (plus scheduling slack).
    for (const t of taken) {
      expect(t.attempts).toBeGreaterThanOrEqual(2);
      expect(Number(t.graded_ms) - killedAt).toBeLessThan(2000 + 1500 + 3000);
    }
    const check = await checkGrades(db.sql);
    expect(check).toMatchObject({ grades: qs.length, graded: qs.length, notExactlyOnce: 0 });
    // The killed calls left their rows, without an outcome.
    expect(check.incompleteCalls).toBeGreaterThanOrEqual(1);
    expect(check.incompleteCalls).toBeLessThanOrEqual(held.length);
    expect(troubleLines(b)).toEqual([]);
  });

  it("stays up through a 10 s database outage, answers 503 meanwhile, and grades everything once it returns", async () => {
    db = await createPgDatabase();
    const target = new URL(db.url);
    proxy = await startTcpProxy("127.0.0.1", Number(target.port || 5432));
    scriptModel(llm, 800);
    const env = modelEnv(llm, { DATABASE_URL: db.urlVia(proxy.port) });
    const a = await start("a", env);
    const b = await start("b", env);
    await Promise.all([a.waitReady(), b.waitReady()]);
    const qs = questions().slice(0, 10);
    const results = await Promise.all(qs.map((q, n) => answerOneQuestion(fixed(n % 2 ? a : b), q)));
    expect(serverErrors(results.flatMap((r) => r.outcomes))).toEqual([]);
    await waitFor("grading to start", async () => llm.requests.length > 0, 10_000);

    proxy.cut();
    await sleep(4000);
    for (const i of [a, b]) {
      expect(i.alive()).toBe(true);
      expect((await call(i.base, "/livez")).status).toBe(200);
      const ready = await call(i.base, "/readyz");
      expect(ready.status).toBe(503);
      const req = await call(i.base, "/api/candidates", { method: "POST" });
      expect(req).toMatchObject({ status: 503, type: "application/problem+json" });
      expect(req.body.code).toBe("database_unavailable");
    }
    await sleep(6000);
    expect([a.alive(), b.alive()]).toEqual([true, true]);
    proxy.restore();

    await allGraded(db.sql, qs.length, 30_000);
    await Promise.all([a.waitReady(10_000), b.waitReady(10_000)]);
    const check = await checkGrades(db.sql);
    expect(check).toMatchObject({ grades: qs.length, graded: qs.length, notExactlyOnce: 0 });
    expect([a.alive(), b.alive()]).toEqual([true, true]);
    for (const i of [a, b]) expect(troubleLines(i)).toEqual([]);
  });
});
