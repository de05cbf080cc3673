import type { Hono } from "hono";
import type { AppEnv } from "./context.ts";

const segment = (s: string) =>
  s.startsWith(":") ? "[^/]+" : s === "*" ? ".*" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Path patterns of registered handlers, for answering a wrong method with 405 and Allow. */
export function allowedMethods(app: Hono<AppEnv>): (path: string) => string[] {
  let table: { pattern: RegExp; method: string }[] | undefined;
  const build = () =>
    app.routes
      // Middleware is registered as ALL; the web client's catch-all GET would claim every path.
      .filter((r) => r.method !== "ALL" && !/^\/?\*$/.test(r.path))
      .map((r) => ({
        method: r.method,
        pattern: new RegExp(`^${r.path.replace(/\/$/, "").split("/").map(segment).join("/")}/?$`),
      }));
  return (path) => {
    table ??= build();
    const methods = new Set(table.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}
