import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Hono } from "hono";
import type { AppEnv } from "./context.ts";

const require = createRequire(import.meta.url);
const SWAGGER_DIR = dirname(require.resolve("swagger-ui-dist/package.json"));
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mockloop API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body></html>`;

/** A file rather than an inline script, so the page passes a CSP of script-src 'self'. */
const INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#ui", tryItOutEnabled: true });\n`;

/** The interactive reference, served from the local swagger-ui-dist package: no third-party requests. */
export function mountDocs(app: Hono<AppEnv>): void {
  app.get("/docs", (c) => c.html(PAGE));
  app.get("/docs/assets/:file", (c) => {
    const file = c.req.param("file");
    if (file === "init.js") return c.body(INIT, 200, { "content-type": "text/javascript; charset=utf-8" });
    const type = ASSETS[file];
    if (!type) return c.notFound();
    return c.body(readFileSync(join(SWAGGER_DIR, file)), 200, {
      "content-type": type,
      "cache-control": "public, max-age=86400",
    });
  });
}
