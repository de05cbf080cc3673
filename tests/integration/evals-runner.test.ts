import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { type EvalData, loadEvalData } from "../../src/evals/dataset.ts";
import { llmGrader } from "../../src/evals/graders.ts";
import { runEval } from "../../src/evals/runner.ts";
import { getRun, listRuns } from "../../src/evals/store.ts";
import { OfflineGrader } from "../../src/grading/offline/grader.ts";
import { startTestApp, testContent } from "../support/app.ts";
import { freshDatabase } from "../support/db.ts";
import { CountingGrader, GenerousGrader, scriptedEvalReply, writeEvalFixture } from "../support/eval-fixture.ts";
import { startScriptedLlm } from "../support/scripted-llm.ts";

const fx = writeEvalFixture();
const cacheRoot = mkdtempSync(join(tmpdir(), "eval-cache-it-"));
afterAll(() => {
  rmSync(fx.dir, { recursive: true, force: true });
  rmSync(cacheRoot, { recursive: true, force: true });
});

const load = (): EvalData =>
  loadEvalData(testContent(), { paths: [fx.itemsDir, fx.genericDir], goldFile: fx.goldFile });

let database: Database;
beforeEach(async () => {
  database = await freshDatabase();
});
afterEach(async () => {
  await database.close();
});

describe("the eval runner", () => {
  it("loads the fixture with gold labels and notes the unlabelled item", () => {
    const data = load();
    expect(data.problems).toEqual([]);
    expect(data.cases).toHaveLength(5);
    expect(data.generic).toHaveLength(3);
    expect(data.unlabelled).toEqual(["fx-unlabelled"]);
  });

  it("stores a run with every item and repeat, and the API lists it", async () => {
    const [run] = await runEval({
      db: database.db,
      graders: [OfflineGrader.forContent(testContent())],
      data: load(),
      datasets: ["fixture"],
      repeats: 2,
      concurrency: 3,
      resamples: 100,
      label: "fixture run",
    });
    if (!run?.id) throw new Error("the run was not stored");
    expect(run.items).toHaveLength((5 + 3) * 2);
    expect(run.metrics.counts).toMatchObject({ results: 16, errors: 0, unlabelled: 1 });
    expect(run.metrics.overall?.n).toBe(4 * 3);
    // The offline grader is deterministic, so both repeats agree exactly.
    expect(run.metrics.consistency?.levels?.identical).toBe(1);
    expect(run.metrics.adversarial?.n).toBe(1);
    expect(run.metrics.generic.tiny?.n).toBe(3);

    const stored = await getRun(database.db, run.id);
    expect(stored?.items).toHaveLength(16);
    expect(stored?.label).toBe("fixture run");
    const strong = stored?.items.find((i) => i.itemId === "fx-strong" && i.repeat === 1);
    expect(strong?.kind).toBe("rubric");
    expect(strong && strong.kind === "rubric" ? strong.gold?.competencies : null).toBeTruthy();

    const app = await startTestApp({}, {}, database);
    const list = (await (await app.request("/api/evals/runs")).json()) as {
      runs: { id: string; headline: { split: string; qwk: number | null } }[];
    };
    expect(list.runs.map((r) => r.id)).toEqual([run.id]);
    // The fixture has no held-out split, so the headline reads all items.
    expect(list.runs[0]?.headline).toMatchObject({ split: "all", qwk: run.metrics.overall?.qwk ?? null });
    expect(strong && strong.kind === "rubric" ? strong.split : null).toBe("dev");

    const detail = await app.request(`/api/evals/runs/${run.id}?itemsLimit=5&itemsOffset=2`);
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as {
      itemTotal: number;
      items: { itemId: string; kind: string }[];
      metrics: object;
    };
    expect(body.itemTotal).toBe(16);
    expect(body.items).toHaveLength(5);
    expect(body.metrics).toHaveProperty("byCompetency");

    const bad = await app.request("/api/evals/runs/not-a-uuid");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe("id");
    const missing = await app.request("/api/evals/runs/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    const badLimit = await app.request("/api/evals/runs?limit=0");
    expect(badLimit.status).toBe(400);
    expect(((await badLimit.json()) as { field: string }).field).toBe("limit");
    // startTestApp closes the database it was given.
    await app.close();
    database = await freshDatabase();
  });

  it("serves an unchanged re-run from the cache without calling the grader", async () => {
    const cacheDir = join(cacheRoot, "rerun");
    const grader = new CountingGrader(OfflineGrader.forContent(testContent()));
    const opts = { db: database.db, graders: [grader], datasets: ["fixture"], cacheDir, resamples: 50 } as const;
    const [first] = await runEval({ ...opts, data: load() });
    expect(grader.calls).toBe(8);
    const [second] = await runEval({ ...opts, data: load() });
    expect(grader.calls).toBe(8);
    expect(second?.metrics.counts.cached).toBe(8);
    expect(second?.metrics.overall).toEqual(first?.metrics.overall);

    // Changing one answer costs exactly one call.
    const data = load();
    const c = data.cases.find((x) => x.item.id === "fx-weak");
    if (!c) throw new Error("fixture item missing");
    c.item = { ...c.item, answer: `${c.item.answer} Also more data.` };
    await runEval({ ...opts, data });
    expect(grader.calls).toBe(9);
    expect((await listRuns(database.db, { limit: 10, offset: 0 })).length).toBe(3);
  });

  it("fails the thresholds gate for a grader that gives everything the top mark", async () => {
    const thresholds = {
      graders: {
        generous: { min: { "overall.qwk": 0.2, "adversarial.passRate": 1 }, max: { "overall.mae": 1 } },
        offline: { min: { "adversarial.passRate": 1 }, max: {} },
      },
    };
    const grader = new GenerousGrader();
    const [bad, offline] = await runEval({
      db: database.db,
      graders: [grader, OfflineGrader.forContent(testContent())],
      data: load(),
      datasets: ["fixture"],
      thresholds,
      resamples: 50,
    });
    expect(bad?.gate.passed).toBe(false);
    expect(bad?.gate.checks.filter((c) => !c.ok).map((c) => c.metric)).toEqual(
      expect.arrayContaining(["adversarial.passRate", "overall.mae"]),
    );
    expect(bad?.metrics.adversarial?.overCap.map((o) => o.itemId)).toEqual(["fx-adv-injection"]);
    expect(offline?.gate.passed).toBe(true);
    const runs = await listRuns(database.db, { limit: 10, offset: 0 });
    expect(runs.find((r) => r.grader === "generous")?.passed).toBe(false);
    expect(runs.find((r) => r.grader === "offline")?.passed).toBe(true);
  });

  it("grades with the LLM grader through the scripted model server, side by side with offline, and caches it", async () => {
    const llm = await startScriptedLlm();
    try {
      const questions = [...testContent().roles.values()].flatMap((h) => h.questions);
      llm.otherwise(scriptedEvalReply(questions));
      const env = {
        OPENAI_BASE_URL: llm.url,
        OPENAI_API_KEY: "test",
        MOCKLOOP_GRADER_MODEL: "scripted-model",
        LLM_MAX_RETRIES: "0",
      };
      const opts = {
        db: database.db,
        data: load(),
        datasets: ["fixture"],
        cacheDir: join(cacheRoot, "llm"),
        resamples: 20,
        concurrency: 4,
      };
      const graders = [
        OfflineGrader.forContent(testContent()),
        llmGrader({ content: testContent(), env, concurrency: 4 }),
      ];
      const [offline, model] = await runEval({ ...opts, graders });
      expect(offline?.grader.id).toBe("offline");
      expect(model?.grader).toMatchObject({ id: "llm", model: "scripted-model" });
      expect(model?.grader.promptVersion).toBeTruthy();
      expect(model?.metrics.counts.errors).toBe(0);
      expect(llm.requests.length).toBeGreaterThanOrEqual(8);
      const stored = await listRuns(database.db, { limit: 10, offset: 0, grader: "llm" });
      expect(stored[0]).toMatchObject({ model: "scripted-model", promptVersion: model?.grader.promptVersion });

      const calls = llm.requests.length;
      const [again] = await runEval({ ...opts, graders: [llmGrader({ content: testContent(), env, concurrency: 4 })] });
      expect(llm.requests.length).toBe(calls);
      expect(again?.metrics.counts.cached).toBe(8);
    } finally {
      await llm.close();
    }
  });

  it("records an item the grader could not grade as an error, never as a score", async () => {
    const failing = new GenerousGrader();
    failing.grade = async () => {
      throw new Error("model timed out");
    };
    const [run] = await runEval({
      db: database.db,
      graders: [failing],
      data: load(),
      datasets: ["fixture"],
      resamples: 20,
    });
    const rubric = run?.items.filter((i) => i.kind === "rubric") ?? [];
    expect(rubric.every((i) => i.error === "model timed out" && i.score === null && i.predicted === null)).toBe(true);
    expect(run?.metrics.counts.errors).toBe(5);
    expect(run?.metrics.overall).toBeNull();
  });
});
