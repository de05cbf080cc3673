import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import type { AppEnv } from "./context.ts";

export const WEB_DIST = fileURLToPath(new URL("../../dist/web", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".wav": "audio/wav",
};

/** Serves the built client; unknown non-API paths get index.html so client-side routes survive reloads. */
export function mountWebClient(app: Hono<AppEnv>): void {
  app.get("*", (c, next) => {
    const path = c.req.path;
    if (path.startsWith("/api/") || path === "/openapi.json" || path.startsWith("/docs")) return next();
    const index = join(WEB_DIST, "index.html");
    if (!existsSync(index)) {
      return c.text("The web client is not built. Run `npm run build:web` (npm start does this for you).", 503);
    }
    const file = normalize(join(WEB_DIST, path));
    if (file.startsWith(WEB_DIST) && extname(file) && existsSync(file)) {
      const cache = path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
      return c.body(readFileSync(file), 200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": cache,
      });
    }
    return c.body(readFileSync(index), 200, { "content-type": TYPES[".html"] as string, "cache-control": "no-cache" });
  });
}
