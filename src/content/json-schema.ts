import { z } from "zod";
import { QuestionSchema, RoleSchema, RubricSchema } from "./schema.ts";

/** JSON Schema files for editors (YAML language servers), generated from the zod schemas the loader uses. */
export const CONTENT_SCHEMA_FILES = {
  "question.schema.json": {
    schema: QuestionSchema,
    title: "mockloop question",
    file: "content/roles/<role>/questions/*.yaml",
  },
  "role.schema.json": { schema: RoleSchema, title: "mockloop role", file: "content/roles/<role>/role.yaml" },
  "rubric.schema.json": { schema: RubricSchema, title: "mockloop rubric", file: "content/roles/<role>/rubric.yaml" },
} as const;

export type ContentSchemaFile = keyof typeof CONTENT_SCHEMA_FILES;

/** The file's text: stable key order and a trailing newline, so the committed copy can be compared. */
export function contentJsonSchema(name: ContentSchemaFile): string {
  const { schema, title, file } = CONTENT_SCHEMA_FILES[name];
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" });
  const doc = {
    $id: `https://mockloop.dev/schemas/${name}`,
    title,
    description: `Generated from src/content/schema.ts by npm run content:schema; validates ${file}. Do not edit by hand.`,
    ...json,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
