import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError, type FieldProblem } from "../errors.ts";
import type { AppEnv } from "./context.ts";

function fieldOf(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "") || "body"
  );
}

/** A router whose request validation failures become validation_failed problems naming each field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const errors: FieldProblem[] = result.error.issues.flatMap((i) =>
        i.code === "unrecognized_keys"
          ? i.keys.map((k) => ({ field: fieldOf([...i.path, k]), message: "is not a known field" }))
          : [{ field: fieldOf(i.path), message: /received undefined$/.test(i.message) ? "is required" : i.message }],
      );
      const first = errors[0] as FieldProblem;
      throw new AppError("validation_failed", `${first.field}: ${first.message}`, { errors });
    },
  });
}

export const problemResponses = {
  400: { description: "Invalid request", content: { "application/problem+json": { schema: {} } } },
};
