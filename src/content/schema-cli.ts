import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTENT_SCHEMA_FILES, type ContentSchemaFile, contentJsonSchema } from "./json-schema.ts";

/** npm run content:schema — rewrites docs/*.schema.json from the zod content schemas. */
const DOCS = fileURLToPath(new URL("../../docs", import.meta.url));
for (const name of Object.keys(CONTENT_SCHEMA_FILES) as ContentSchemaFile[]) {
  writeFileSync(join(DOCS, name), contentJsonSchema(name));
  console.log(`wrote docs/${name}`);
}
