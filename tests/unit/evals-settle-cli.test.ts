import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSettleCli } from "../../src/evals/settle-cli.ts";
import { collectingIo } from "../support/cli-io.ts";
import { writeEvalFixture } from "../support/eval-fixture.ts";

const fx = writeEvalFixture();
afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

function settleCli(args: string[]) {
  const { io, out } = collectingIo(fx.dir);
  const code = runSettleCli(args, io);
  return { code, ...out };
}

describe("npm run eval:settle, in-process", () => {
  const labels = join(fx.dir, "labels");
  mkdirSync(labels);
  const gold = readFileSync(fx.goldFile, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const pass = (edit: (g: Record<string, unknown>) => void) =>
    `${gold
      .map(({ settled: _settled, ...g }) => {
        edit(g);
        return JSON.stringify(g);
      })
      .join("\n")}\n`;

  it("writes gold and open disagreements, and --check exits 1 while any is open", () => {
    writeFileSync(
      join(labels, "pass-a.jsonl"),
      pass(() => {}),
    );
    writeFileSync(
      join(labels, "pass-b.jsonl"),
      pass((g) => {
        if (g.itemId === "fx-weak") (g.competencies as Record<string, number>)["communication-clarity"] = 2;
      }),
    );
    const r = settleCli(["--labels", "labels", "--items", fx.itemsDir, "--check"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/gold: 3 items written to labels\/gold\.jsonl/);
    expect(r.stdout).toMatch(/open: 1 disagreements over 1 items in labels\/disagreements\.jsonl/);
    expect(readFileSync(join(labels, "disagreements.jsonl"), "utf8")).toContain('"itemId":"fx-weak"');
  });

  it("names a missing pass and a bad option with exit code 2", () => {
    rmSync(join(labels, "pass-b.jsonl"));
    const r = settleCli(["--labels", "labels", "--items", fx.itemsDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/labels\/pass-b\.jsonl does not exist/);
    const bad = settleCli(["--bogus"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--bogus'[\s\S]*npm run eval:settle -- \[options\]/);
  });
});
