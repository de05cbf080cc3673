import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.ts";
import { sentenceSpans } from "../../src/text/sentences.ts";

const texts = (text: string) => sentenceSpans(text).map((s) => s.text);

describe("sentence spans", () => {
  it("joins hard-wrapped prose lines into their sentence, with offsets into the original", () => {
    const text =
      "Both steps only lower the within-cluster sum of squares, so it\nconverges, but only to a local optimum. I re-seed an empty cluster\nwith the worst-fit point.";
    const spans = sentenceSpans(text);
    expect(spans.map((s) => s.text)).toEqual([
      "Both steps only lower the within-cluster sum of squares, so it\nconverges, but only to a local optimum.",
      "I re-seed an empty cluster\nwith the worst-fit point.",
    ]);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("keeps a code block whole, however long, and splits the prose around it", () => {
    const body = Array.from({ length: 12 }, (_, i) => `    w${i} = w${i} - lr * grad(X, y, w${i})  # step ${i}.`).join(
      "\n",
    );
    const code = `\`\`\`python\ndef fit(X, y):\n${body}\n    return w0\n\`\`\``;
    const text = `I update the weights in a loop. It looks like\nthis:\n\n${code}\n\nThen I check the loss.`;
    expect(code.length).toBeGreaterThan(320);
    expect(texts(text)).toEqual([
      "I update the weights in a loop.",
      "It looks like\nthis:",
      code,
      "Then I check the loss.",
    ]);
  });

  it("keeps an indented code block whole", () => {
    const code = "    d = ((X[:, None] - C) ** 2).sum(-1)\n    labels = d.argmin(1)";
    expect(texts(`Assign each point.\n\n${code}\n\nThen update.`)).toEqual([
      "Assign each point.",
      code.trimStart(),
      "Then update.",
    ]);
  });

  it("leaves line lists, list items and short lines apart", () => {
    expect(texts("L2\ndropout\nearly stopping")).toEqual(["L2", "dropout", "early stopping"]);
    expect(texts("1. Split by group so users never\nstraddle the split.\n2. Tune on validation only")).toEqual([
      "1. Split by group so users never\nstraddle the split.",
      "2. Tune on validation only",
    ]);
    expect(texts("Use a ranking metric, e.g. recall at k, not accuracy.\n- shuffle\n- stratify")).toEqual([
      "Use a ranking metric, e.g. recall at k, not accuracy.",
      "- shuffle",
      "- stratify",
    ]);
  });

  it("reads the bank's hard-wrapped coding model answers as whole sentences and whole code", () => {
    const question = loadContent()
      .hub("ml-engineer")
      ?.questions.find((q) => q.id === "kmeans-from-scratch");
    const spans = texts(question?.modelAnswer ?? "");
    const code = spans.filter((s) => s.startsWith("```"));
    expect(code).toHaveLength(1);
    expect(code[0]?.endsWith("```")).toBe(true);
    // Every prose span ends a sentence: none was cut at a line break.
    for (const s of spans.filter((x) => !x.startsWith("```"))) expect(s).toMatch(/[.!?:]$/);
  });
});
