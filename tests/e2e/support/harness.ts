import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { createApp } from "../../../src/app.ts";
import { type Env, parseEnv } from "../../../src/config/env.ts";
import type { Database } from "../../../src/db/client.ts";
import { createLogger } from "../../../src/log.ts";
import { buildServices, type ServiceOverrides, type Services } from "../../../src/services.ts";
import { testContent } from "../../support/app.ts";
import { freshDatabase } from "../../support/db.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;
export const SCREENSHOTS = join(ROOT, "test-artifacts", "screenshots");

let built = false;
/** The same step `npm start` runs: build dist/web unless it is newer than its sources. */
export function ensureWebBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "src/web/build-if-stale.ts")], {
    cwd: ROOT,
    stdio: "pipe",
  });
  built = true;
}

export interface E2EServer {
  url: string;
  services: Services;
  database: Database;
  /** Stops listening (the database stays), as if the server went away. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real app (createApp + @hono/node-server) on a random port, with a fresh database.
 * `wire` adds services built from the environment, as src/server.ts does for a language model.
 */
export async function startServer(
  env: Record<string, string> = {},
  wire?: (env: Env, database: Database) => ServiceOverrides,
): Promise<E2EServer> {
  ensureWebBuilt();
  const database = await freshDatabase();
  const parsed = parseEnv({ LOG_LEVEL: "silent", SERVE_WEB: "true", ...env });
  const services = buildServices(parsed, database, testContent(), createLogger("silent"), wire?.(parsed, database));
  await services.grading.start();
  const app = createApp(services);
  let port = 0;
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info: AddressInfo) => {
        port = info.port;
        resolve();
      }) as Server;
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server as Server | null;
      if (!s) return resolve();
      s.closeAllConnections();
      s.close(() => resolve());
      server = null;
    });
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    database,
    stop,
    start: listen,
    close: async () => {
      await stop();
      services.grading.stop();
      await services.grading.idle();
      await database.close();
    },
  };
}

export const BASE_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchChromium(extra: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...BASE_FLAGS, ...extra],
  });
}

/** The whole page, plus screen-sized parts of a long page so each can be read at full size. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(join(SCREENSHOTS, "parts"), { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (height <= viewport.height * 1.5) return;
  // Scrolled viewport shots rather than clips of a full-page image: on an emulated phone the
  // full-page image and scrollHeight can disagree by a few pixels, which breaks a clip.
  const scrolledTo = await page.evaluate(() => window.scrollY);
  for (let y = 0, i = 1; y < height; y += viewport.height, i++) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.screenshot({ path: join(SCREENSHOTS, "parts", `${name}-${i}.png`) });
  }
  await page.evaluate((top) => window.scrollTo(0, top), scrolledTo);
}

const AXE_SOURCE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core in the page; returns readable lines for every violation (empty when clean). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as a <script>: the page's CSP forbids inline scripts.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations;
  });
  return (violations as AxeViolation[]).map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/** Console errors and failed requests the page produced, for assertions and debugging. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return { errors };
}

export interface E2EContext {
  server: E2EServer;
  browser: Browser;
}

/** One offline server and one Chromium for the whole file, closed after its last test. */
export function useServerAndBrowser(env: Record<string, string>): E2EContext {
  const ctx = {} as E2EContext;
  beforeAll(async () => {
    ctx.server = await startServer(env);
    ctx.browser = await launchChromium();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}
