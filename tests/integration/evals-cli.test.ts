import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/evals/cli.ts";
import { collectingIo } from "../support/cli-io.ts";
import { writeEvalFixture } from "../support/eval-fixture.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fx = writeEvalFixture();
afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

/** Runs `npm run eval` in-process, collecting what it writes. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, out } = collectingIo(root, { ...process.env, LOG_LEVEL: "silent" });
  const code = await runCli(args, io);
  return { code, ...out };
}

const data = ["--dataset", fx.itemsDir, "--dataset", fx.genericDir, "--gold", fx.goldFile, "--no-store", "--quiet"];

// The CLI runs with --no-store, so it needs no database: once, under PGlite, is enough.
describe.skipIf(process.env.TEST_DB === "postgres")("npm run eval", () => {
  it("exits 1 with --check when the offline grader is below its thresholds, 0 when above", async () => {
    const strict = join(fx.dir, "strict.json");
    const lenient = join(fx.dir, "lenient.json");
    writeFileSync(strict, JSON.stringify({ graders: { offline: { min: { "overall.qwk": 1.01 } } } }));
    writeFileSync(
      lenient,
      JSON.stringify({ graders: { offline: { min: { "generic.tiny.pearson": -1 }, max: { "counts.errors": 0 } } } }),
    );
    const html = join(fx.dir, "report.html");
    const failed = await cli([...data, "--thresholds", strict, "--check", "--report-html", html]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("**FAIL** | overall.qwk");
    expect(failed.stderr).toMatch(/FAILED: offline below thresholds/);
    expect(readFileSync(html, "utf8")).toContain("<svg");
    const passed = await cli([...data, "--thresholds", lenient, "--check"]);
    expect(passed.stderr).not.toMatch(/FAILED/);
    expect(passed.code).toBe(0);
  });

  it("reports the held-out split apart and gates on test", async () => {
    const split = join(fx.dir, "split.json");
    writeFileSync(split, JSON.stringify({ test: ["overfitting"], dev: [] }));
    const gateTest = join(fx.dir, "gate-test.json");
    writeFileSync(gateTest, JSON.stringify({ graders: { offline: { min: { "test.overall.qwk": 1.01 } } } }));
    const r = await cli([...data, "--split", split, "--thresholds", gateTest, "--check"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("**test** 5 items over 1 questions, dev 0 items over 0 questions");
    expect(r.stdout).toMatch(/\| metric \| test \| dev \|/);
    expect(r.stdout).toMatch(/\*\*FAIL\*\* \| test\.overall\.qwk \| ≥ 1\.01 \| \d\.\d{3} \|/);
    // With no split file every item is dev, and a test bar has nothing to measure: it fails.
    const none = await cli([...data, "--split", "none", "--thresholds", gateTest, "--check"]);
    expect(none.stdout).toContain("**test** 0 items over 0 questions, dev 5 items over 1 questions");
    expect(none.stdout).toContain("**FAIL** | test.overall.qwk | ≥ 1.01 | n/a |");
  });

  it("validates the split file against the bank", async () => {
    const bad = join(fx.dir, "bad-split.json");
    writeFileSync(bad, JSON.stringify({ test: ["overfitting", "no-such-question"], dev: ["overfitting"] }));
    const r = await cli([...data, "--split", bad, "--validate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-split\.json:0: test\[1\]: no bank question "no-such-question"/);
    expect(r.stderr).toMatch(/"overfitting" is in both test and dev/);
    const ok = await cli(["--validate", "--quiet"]);
    expect(ok.stderr).not.toMatch(/split\.json/);
    expect(ok.stdout).toMatch(/held-out split: test \d+ items over 19 questions, dev \d+ items over 27 questions/);
  });

  it("explains a missing gold file instead of gating on nothing", async () => {
    const r = await cli([
      "--dataset",
      fx.itemsDir,
      "--gold",
      join(fx.dir, "none.jsonl"),
      "--no-store",
      "--quiet",
      "--check",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/none\.jsonl not found: the eval items have no gold labels yet/);
    expect(r.stderr).toMatch(/npm run eval:settle/);
  });

  it("compares two stored run files with a difference and interval for each split", async () => {
    const a = join(fx.dir, "a.json");
    const b = join(fx.dir, "b.json");
    expect((await cli([...data, "--out-json", a, "--label", "A"])).code).toBe(0);
    expect((await cli([...data, "--out-json", b, "--label", "B"])).code).toBe(0);
    expect(existsSync(b)).toBe(true);
    const r = await cli(["--compare", a, b]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("A: A · B: B · 8 items in both");
    expect(r.stdout).toMatch(
      /\| dev\.overall\.qwk \| [-\d.]+ \| [-\d.]+ \| \+0\.000 \| \[0\.000, 0\.000\] \| no clear difference \|/,
    );
  });

  it("rejects bad options and names them", async () => {
    const r = await cli(["--grader", "gpt"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--grader must be offline, llm or both, got "gpt"/);
    const c = await cli(["--concurrency", "0"]);
    expect(c.stderr).toMatch(/--concurrency must be an integer from 1 to 256/);
    const k = await cli(["--calibrate-folds", "1"]);
    expect(k.stderr).toMatch(/--calibrate-folds must be an integer from 2 to 50/);
  });
});
