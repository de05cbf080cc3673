import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, DEFAULT_CONTENT_DIR, loadContent } from "../../src/content/load.ts";
import { conceptStems, contentStems } from "../../src/text/tokens.ts";

function copyContent(): string {
  const dir = mkdtempSync(join(tmpdir(), "mockloop-content-"));
  cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  return dir;
}

function problemsOf(dir: string) {
  try {
    loadContent(dir);
  } catch (err) {
    if (err instanceof ContentError) return err.problems;
    throw err;
  }
  return [];
}

const questionFile = (dir: string, id: string) => join(dir, "roles/ml-engineer/questions", `${id}.yaml`);

describe("content", () => {
  it("the shipped role hub is valid and covers every round", () => {
    const hub = loadContent().hub("ml-engineer");
    expect(hub).toBeDefined();
    for (const round of hub?.role.rounds ?? []) {
      expect(hub?.questions.some((q) => q.round === round.id)).toBe(true);
    }
  });

  it("has at least 40 questions covering every problem pattern the loop is known for", () => {
    const hub = loadContent().hub("ml-engineer");
    expect(hub?.questions.length).toBeGreaterThanOrEqual(40);
    const tags = new Set(hub?.questions.flatMap((q) => q.patterns));
    const required = [
      "recommendation",
      "fraud-detection",
      "low-latency-serving",
      "search-ranking",
      "churn-prediction",
      "image-classification",
      "rag",
      "drift",
      "model-deployment",
      "metric-selection",
      "overfitting",
      "bias-variance",
      "class-imbalance",
      "feature-engineering",
      "data-leakage",
      "softmax",
      "numerical-stability",
      "gradient-descent",
      "failed-project",
      "launch-decision",
    ];
    expect(required.filter((p) => !tags.has(p))).toEqual([]);
    for (const type of ["technical", "scenario", "behavioural", "coding"]) {
      expect(hub?.questions.some((q) => q.type === type)).toBe(true);
    }
  });

  it("names the file and field of a schema problem", () => {
    const dir = copyContent();
    const file = questionFile(dir, "overfitting");
    writeFileSync(file, readFileSync(file, "utf8").replace("difficulty: medium", "difficulty: brutal"));
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "roles/ml-engineer/questions/overfitting.yaml", field: "difficulty" }),
    );
  });

  it("catches broken cross references", () => {
    const dir = copyContent();
    const file = questionFile(dir, "overfitting");
    const text = readFileSync(file, "utf8")
      .replace("round: ml-fundamentals", "round: astrology")
      .replace("- keyPoint: detection", "- keyPoint: no-such-point");
    writeFileSync(file, text);
    const fields = problemsOf(dir).map((p) => `${p.file}:${p.field}`);
    expect(fields).toContain("roles/ml-engineer/questions/overfitting.yaml:round");
    expect(fields).toContain("roles/ml-engineer/questions/overfitting.yaml:probes[0].keyPoint");
  });

  it("reports YAML syntax errors with the file", () => {
    const dir = copyContent();
    writeFileSync(join(dir, "roles/ml-engineer/rubric.yaml"), "id: [unclosed");
    const problems = problemsOf(dir);
    expect(problems[0]?.file).toBe("roles/ml-engineer/rubric.yaml");
    expect(problems[0]?.message).toMatch(/YAML/);
  });

  it("names the file and field of a lexicon problem", () => {
    const dir = copyContent();
    writeFileSync(join(dir, "lexicon/zz-short.yaml"), "groups:\n  - [held-out set]\n");
    writeFileSync(join(dir, "lexicon/zz-empty.yaml"), "groups:\n  - [drift, the]\n  - [of it, canary]\n");
    const fields = problemsOf(dir).map((p) => `${p.file}:${p.field}`);
    expect(fields).toContain("lexicon/zz-short.yaml:groups[0]");
    expect(fields).toContain("lexicon/zz-empty.yaml:groups[0][1]");
    expect(fields).toContain("lexicon/zz-empty.yaml:groups[1][0]");
    expect(fields.filter((f) => f.startsWith("lexicon/"))).toHaveLength(3);
  });
});

describe("lexicon", () => {
  it("merges groups that share a term, across files, and matches any wording of a concept", () => {
    const dir = copyContent();
    writeFileSync(join(dir, "lexicon/zz-a.yaml"), "groups:\n  - [blorp rate, zinger]\n");
    writeFileSync(join(dir, "lexicon/zz-b.yaml"), "groups:\n  - [zinger, quux factor]\n");
    const { lexicon } = loadContent(dir);
    expect(lexicon.conceptOf("blorp rate")).not.toBeNull();
    expect(lexicon.conceptOf("quux factor")).toBe(lexicon.conceptOf("blorp rate"));
    expect(lexicon.conceptOf("weight decay")).toBe(lexicon.conceptOf("L2 penalty"));
    expect(lexicon.conceptOf("weight decay")).not.toBe(lexicon.conceptOf("quux factor"));
    const hits = lexicon.find(contentStems("we tuned the quux factors and the blorp rate"));
    expect(hits.map((h) => h.concept)).toEqual([lexicon.conceptOf("zinger"), lexicon.conceptOf("zinger")]);
  });

  it("rejects a phrase that reduces to one word and two wordings that would join unrelated groups", () => {
    const dir = copyContent();
    writeFileSync(
      join(dir, "lexicon/zz-joins.yaml"),
      "groups:\n  - [to quux, quux factor]\n  - [the blorp, zinger]\n  - [a blorp, zorp]\n  - [blorp up, blorp down]\n",
    );
    const problems = problemsOf(dir).filter((p) => p.file === "lexicon/zz-joins.yaml");
    const byField = new Map(problems.map((p) => [p.field, p.message]));
    expect(byField.get("groups[0][0]")).toMatch(/reduces to the one word "quux"/);
    expect(byField.get("groups[2][0]")).toMatch(/same words \("blorp"\) as "the blorp".*join the two groups/);
    // "up" and "down" are kept, so these two neither reduce to one word nor join.
    expect(byField.has("groups[3][0]")).toBe(false);
    expect(byField.has("groups[3][1]")).toBe(false);
  });

  it("the shipped lexicon keeps opposite directions, the training set and a gap apart", () => {
    const { lexicon } = loadContent();
    const concepts = (text: string) => lexicon.find(conceptStems(text)).map((h) => h.concept);
    expect(lexicon.conceptOf("rises")).not.toBeNull();
    expect(lexicon.conceptOf("rises")).not.toBe(lexicon.conceptOf("falls"));
    expect(concepts("the loss goes up")).toEqual([lexicon.conceptOf("rises")]);
    expect(concepts("the loss goes down")).toEqual([lexicon.conceptOf("falls")]);
    expect(concepts("collect more training examples")).toEqual([lexicon.conceptOf("extra data")]);
    expect(lexicon.conceptOf("more training examples")).not.toBe(lexicon.conceptOf("training examples"));
    expect(concepts("the data")).not.toContain(lexicon.conceptOf("more data"));
    const gap = lexicon.conceptOf("gap");
    expect(gap).not.toBeNull();
    expect(concepts("a different model")).not.toContain(gap);
    expect(concepts("the loss diverges")).not.toContain(gap);
    expect(concepts("a big discrepancy")).toContain(gap);
  });
});
