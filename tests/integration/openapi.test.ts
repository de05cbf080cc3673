import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionViewT } from "../../src/api/schemas.ts";
import { API_TAGS } from "../../src/http/openapi-docs.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  requestBody?: { content: Record<string, { schema: { $ref?: string; example?: unknown } }> };
}
interface Doc {
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  t = await startTestApp();
  doc = (await (await t.request("/openapi.json")).json()) as Doc;
});
afterAll(async () => {
  await t.close();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));

describe("the OpenAPI document", () => {
  it("tags every operation with its resource and describes every one", () => {
    const names = API_TAGS.map((x) => x.name);
    expect(doc.tags.map((x) => x.name)).toEqual(names);
    expect(operations().length).toBeGreaterThanOrEqual(22);
    for (const { method, path, op } of operations()) {
      expect(op.tags, `${method} ${path}`).toHaveLength(1);
      expect(names, `${method} ${path}`).toContain(op.tags?.[0]);
      expect(op.summary, `${method} ${path}`).toBeTruthy();
      expect(op.description?.length ?? 0, `${method} ${path} has no description`).toBeGreaterThan(30);
    }
    const used = new Set(operations().map((o) => o.op.tags?.[0]));
    expect([...used].sort()).toEqual([...names].sort());
  });

  it("has a POST /api/sessions example that works when executed, as /docs would send it", async () => {
    const op = doc.paths["/api/sessions"]?.post as Operation;
    const ref = op.requestBody?.content["application/json"]?.schema.$ref as string;
    const example = doc.components.schemas[ref.split("/").at(-1) as string]?.example;
    expect(example).toBeDefined();
    const token = await t.candidate();
    const res = await t.request("/api/sessions", { method: "POST", token, json: example });
    expect(res.status).toBe(201);
    const session = (await res.json()) as SessionViewT;
    expect(session.current?.questionId).toBe("overfitting");
  });
});
