import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Builds the web client when dist/web is missing or older than its sources, so `npm start`
 * on a fresh clone serves the client with no extra step and a restart stays fast.
 */
const SRC = fileURLToPath(new URL(".", import.meta.url));
const API_TYPES = fileURLToPath(new URL("../api/schemas.ts", import.meta.url));
const INDEX = fileURLToPath(new URL("../../dist/web/index.html", import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sourcesChanged = Math.max(newest(SRC), statSync(API_TYPES).mtimeMs);
if (existsSync(INDEX) && statSync(INDEX).mtimeMs >= sourcesChanged) {
  console.log("web client is up to date (dist/web)");
} else {
  const { build } = await import("vite");
  await build({ configFile: join(SRC, "vite.config.ts"), logLevel: "warn" });
  console.log("web client built into dist/web");
}
