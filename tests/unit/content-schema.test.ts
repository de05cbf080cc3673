import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTENT_SCHEMA_FILES, type ContentSchemaFile, contentJsonSchema } from "../../src/content/json-schema.ts";

const names = Object.keys(CONTENT_SCHEMA_FILES) as ContentSchemaFile[];

describe("content JSON Schemas", () => {
  it.each(names)("docs/%s is what npm run content:schema writes from the zod schema", (name) => {
    const committed = readFileSync(new URL(`../../docs/${name}`, import.meta.url), "utf8");
    expect(committed, "run `npm run content:schema` and commit the result").toBe(contentJsonSchema(name));
  });

  it("describes a question's required fields and refuses unknown ones", () => {
    const schema = JSON.parse(contentJsonSchema("question.schema.json"));
    expect(schema.required).toEqual(
      expect.arrayContaining(["id", "version", "round", "text", "keyPoints", "probes", "modelAnswer"]),
    );
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.keyPoints.items.properties.weight).toMatchObject({ minimum: 1, maximum: 3 });
  });
});
