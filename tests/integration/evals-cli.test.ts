import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { writeEvalFixture } from "../support/eval-fixture.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(root, "node_modules", ".bin", "tsx");
const fx = writeEvalFixture();
afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ["src/evals/cli.ts", ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
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

  it("compares two stored run files with a difference and interval", async () => {
    const a = join(fx.dir, "a.json");
    const b = join(fx.dir, "b.json");
    expect((await cli([...data, "--out-json", a, "--label", "A"])).code).toBe(0);
    expect((await cli([...data, "--out-json", b, "--label", "B"])).code).toBe(0);
    expect(existsSync(b)).toBe(true);
    const r = await cli(["--compare", a, b]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("A: A · B: B · 8 items in both");
    expect(r.stdout).toMatch(
      /\| overall\.qwk \| [-\d.]+ \| [-\d.]+ \| \+0\.000 \| \[0\.000, 0\.000\] \| no clear difference \|/,
    );
  });

  it("rejects bad options and names them", async () => {
    const r = await cli(["--grader", "gpt"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--grader must be offline, llm or both, got "gpt"/);
    const c = await cli(["--concurrency", "0"]);
    expect(c.stderr).toMatch(/--concurrency must be an integer from 1 to 256/);
  });
});
