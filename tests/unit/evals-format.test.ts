import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheKey, EvalCache, stableJson } from "../../src/evals/cache.ts";
import { EvalItemSchema, GenericItemSchema, LabelSchema, parseJsonl } from "../../src/evals/format.ts";
import { answerHash, exchangeFor, rubricCacheKey } from "../../src/evals/grade-item.ts";
import { testContent } from "../support/app.ts";

const item = {
  id: "overfitting-terse-1",
  questionId: "overfitting",
  quality: "adequate",
  style: "terse",
  answer: "Train loss falls while validation loss rises; add dropout.",
};

describe("eval item format", () => {
  it("accepts a valid item and rejects unknown fields by name", () => {
    expect(EvalItemSchema.safeParse(item).success).toBe(true);
    const { problems } = parseJsonl(JSON.stringify({ ...item, qualty: "strong" }), "x.jsonl", EvalItemSchema);
    expect(problems).toEqual([{ file: "x.jsonl", line: 1, field: "qualty", message: "is not a known field" }]);
  });

  it("allows an empty answer only for the empty adversarial kind", () => {
    expect(EvalItemSchema.safeParse({ ...item, answer: "  " }).success).toBe(false);
    expect(EvalItemSchema.safeParse({ ...item, answer: "", adversarial: { kind: "empty", cap: 1 } }).success).toBe(
      true,
    );
    expect(EvalItemSchema.safeParse({ ...item, adversarial: { kind: "bribe", cap: 1 } }).success).toBe(false);
    expect(EvalItemSchema.safeParse({ ...item, adversarial: { kind: "padding", cap: 5 } }).success).toBe(false);
  });

  it("reports bad JSON and bad values with their line numbers", () => {
    const text = [JSON.stringify(item), "", "{not json", JSON.stringify({ ...item, quality: "great" })].join("\n");
    const { rows, problems } = parseJsonl(text, "f.jsonl", EvalItemSchema);
    expect(rows.map((r) => r.line)).toEqual([1]);
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [3, ""],
      [4, "quality"],
    ]);
    expect(problems[0]?.message).toMatch(/not valid JSON/);
  });

  it("requires levels 1-4 or null and a one-line rationale in labels", () => {
    const label = { itemId: "a", competencies: { x: 3, y: null }, keyPoints: { k: "partial" }, rationale: "ok" };
    expect(LabelSchema.safeParse(label).success).toBe(true);
    expect(LabelSchema.safeParse({ ...label, competencies: { x: 5 } }).success).toBe(false);
    expect(LabelSchema.safeParse({ ...label, keyPoints: { k: "half" } }).success).toBe(false);
    expect(LabelSchema.safeParse({ ...label, rationale: "two\nlines" }).success).toBe(false);
  });

  it("validates the generic format's scale and defaults min_score to 0", () => {
    const g = { id: "1", question: "q", reference_answer: "r", answer: "a", score: 3, max_score: 5 };
    expect(GenericItemSchema.parse(g).min_score).toBe(0);
    const out = GenericItemSchema.safeParse({ ...g, score: 6 });
    expect(out.success).toBe(false);
    expect(out.error?.issues[0]?.path).toEqual(["score"]);
    expect(GenericItemSchema.safeParse({ ...g, max_score: 0 }).success).toBe(false);
  });
});

describe("cache keys", () => {
  const hub = testContent().hub("ml-engineer");
  const question = hub?.questionsById.get("overfitting");
  if (!hub || !question) throw new Error("the bank must contain the overfitting question");
  const parsed = EvalItemSchema.parse(item);
  const c = {
    item: parsed,
    question,
    rubric: hub.rubric,
    roleId: "ml-engineer",
    round: question.round,
    split: "dev" as const,
    file: "x",
  };
  const info = { id: "llm", version: "1", model: "m1", promptVersion: "p3" };

  it("is stable under key order and changes with every versioned input", () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const base = rubricCacheKey(info, c, 0);
    expect(cacheKey(base)).toBe(cacheKey({ ...base }));
    const variants = [
      rubricCacheKey({ ...info, model: "m2" }, c, 0),
      rubricCacheKey({ ...info, promptVersion: "p4" }, c, 0),
      rubricCacheKey({ ...info, id: "offline" }, c, 0),
      rubricCacheKey({ ...info, version: "2" }, c, 0),
      rubricCacheKey(info, { ...c, rubric: { ...hub.rubric, version: hub.rubric.version + 1 } }, 0),
      rubricCacheKey(info, { ...c, question: { ...question, version: question.version + 1 } }, 0),
      rubricCacheKey(info, { ...c, item: { ...parsed, answer: `${parsed.answer} ` } }, 0),
      rubricCacheKey(info, c, 1),
    ];
    const keys = new Set([cacheKey(base), ...variants.map(cacheKey)]);
    expect(keys.size).toBe(variants.length + 1);
  });

  it("hashes follow-ups with the answer", () => {
    const withFollowup = { ...parsed, followups: [{ prompt: "p", answer: "a" }] };
    expect(answerHash(withFollowup)).not.toBe(answerHash(parsed));
    const turns = exchangeFor(withFollowup, question);
    expect(turns.map((t) => t.kind)).toEqual(["question", "followup"]);
    expect(turns[0]?.prompt).toBe(question.text);
  });

  it("marks a follow-up that is one of the question's probes with its key point", () => {
    const probe = question.probes[0];
    if (!probe) throw new Error("question without probes");
    const turns = exchangeFor({ ...parsed, followups: [{ prompt: probe.text, answer: "a" }] }, question);
    expect(turns[1]?.targetKeyPointId).toBe(probe.keyPoint);
  });

  const dir = mkdtempSync(join(tmpdir(), "eval-cache-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stores and returns entries on disk and ignores a file whose key does not match", async () => {
    const cache = new EvalCache(dir);
    const key = rubricCacheKey(info, c, 0);
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, { x: 1 }, 12);
    expect(await new EvalCache(dir).get(key)).toEqual({ key, value: { x: 1 }, latencyMs: 12 });
    const h = cacheKey(key);
    writeFileSync(join(dir, h.slice(0, 2), `${h}.json`), JSON.stringify({ key: { ...key, model: "other" }, value: 1 }));
    const fresh = new EvalCache(dir);
    expect(await fresh.get(key)).toBeUndefined();
    expect(fresh.misses).toBe(1);
  });
});
