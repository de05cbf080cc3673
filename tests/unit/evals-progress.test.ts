import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/evals/progress.ts";

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (s: string) => writes.push(s) } };
}

describe("progress bar", () => {
  it("redraws one line in place on a terminal", () => {
    const { writes, stream } = sink(true);
    const p = createProgress(stream);
    p.start("offline", 4);
    for (let i = 0; i < 4; i++) p.tick({ cached: i === 0, error: i === 3 });
    p.done();
    expect(writes.every((w) => w.startsWith("\r\x1b[2K"))).toBe(true);
    expect(writes.at(-1)).toMatch(/offline \[#+\] 4\/4 100% {2}cached 1 {2}errors 1/);
    expect(writes.at(-1)?.endsWith("\n")).toBe(true);
  });

  it("prints a few plain lines when stderr is not a terminal", () => {
    const { writes, stream } = sink(false);
    const p = createProgress(stream);
    p.start("llm", 100);
    for (let i = 0; i < 100; i++) p.tick({ cached: false, error: false });
    p.done();
    expect(writes.some((w) => w.includes("\r"))).toBe(false);
    expect(writes.map((w) => w.match(/ (\d+)\/100/)?.[1])).toEqual(["25", "50", "75", "100"]);
  });
});
