import { type AppOptions, createApp } from "../../src/app.ts";
import { parseEnv } from "../../src/config/env.ts";
import { type Content, loadContent } from "../../src/content/load.ts";
import type { Database } from "../../src/db/client.ts";
import { createLogger, type Logger } from "../../src/log.ts";
import { buildServices, type ServiceOverrides, type Services } from "../../src/services.ts";
import { freshDatabase } from "./db.ts";

let content: Content | undefined;
export const testContent = (): Content => {
  content ??= loadContent();
  return content;
};

export interface TestApp {
  services: Services;
  database: Database;
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  /** Creates a candidate and returns its token. */
  candidate(): Promise<string>;
  close(): Promise<void>;
}

/** Tests share one in-process "address", so the abuse limits are off unless a test sets them. */
export const LIMITS_OFF = {
  MOCKLOOP_LIMIT_CANDIDATES: "off",
  MOCKLOOP_LIMIT_FAILED_AUTH: "off",
  MOCKLOOP_LIMIT_ANSWERS: "off",
  MOCKLOOP_LIMIT_AUDIO: "off",
  MOCKLOOP_AUDIO_QUOTA: "off",
};

export async function startTestApp(
  overrides: ServiceOverrides = {},
  env: Record<string, string> = {},
  database?: Database,
  options: { app?: AppOptions; logger?: Logger } = {},
): Promise<TestApp> {
  const db = database ?? (await freshDatabase());
  const services = buildServices(
    parseEnv({ LOG_LEVEL: "silent", SERVE_WEB: "false", ...LIMITS_OFF, ...env }),
    db,
    testContent(),
    options.logger ?? createLogger("silent"),
    overrides,
  );
  await services.grading.start();
  const app = createApp(services, undefined, options.app);
  const request: TestApp["request"] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set("authorization", `Bearer ${init.token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    return Promise.resolve(app.request(path, { ...init, headers, body }));
  };
  return {
    services,
    database: db,
    request,
    candidate: async () =>
      ((await (await request("/api/candidates", { method: "POST" })).json()) as { token: string }).token,
    close: async () => {
      services.grading.stop();
      await services.grading.idle();
      await db.close();
    },
  };
}
