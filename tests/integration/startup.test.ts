import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testDriver } from "../support/db.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Starts `src/server.ts` as `npm start` does and returns its start-up log line. */
function startupLine(env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", PORT: "0", DATA_DIR: "memory://", SERVE_WEB: "false", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no start-up line in 60 s\n${out}\n${err}`));
    }, 60_000);
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.includes("mockloop is listening"));
      if (!line) return;
      clearTimeout(timer);
      child.kill("SIGTERM");
      resolve(JSON.parse(line));
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!out.includes("mockloop is listening")) reject(new Error(`server exited with ${code}\n${out}\n${err}`));
    });
  });
}

// One process start is enough; it does not depend on the test database.
describe.skipIf(testDriver() !== "pglite")("start-up", () => {
  it("loads .env, ignores the tracing variables it sets and says so in a pino line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mockloop-env-"));
    const file = join(dir, ".env");
    writeFileSync(file, "LANGSMITH_TRACING=true\nLANGCHAIN_API_KEY=lsv2_x\nMAX_FOLLOWUPS=1\n");
    const line = await startupLine({ MOCKLOOP_ENV_FILE: file, LANGCHAIN_TRACING_V2: "true" });
    expect(line).toMatchObject({ level: 30, msg: "mockloop is listening", envFile: file });
    expect(line.telemetry).toBe(
      "off: ignored LANGCHAIN_API_KEY, LANGCHAIN_TRACING_V2, LANGSMITH_TRACING (set MOCKLOOP_ALLOW_TRACING=1 to allow tracing)",
    );
  }, 90_000);
});
