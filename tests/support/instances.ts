import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { adminUrl, PG_TEMPLATE_DB } from "./paths.ts";

/** Real server processes (src/server.ts) on one PostgreSQL database, for the multi-instance tests. */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PgDatabase {
  url: string;
  /** The same database reached through another host:port (a proxy). */
  urlVia(port: number): string;
  sql: postgres.Sql;
  drop(): Promise<void>;
}

/** A database of its own for one test: a copy of the migrated template, or empty (to test migrating). */
export async function createPgDatabase(opts: { empty?: boolean; baseUrl?: string } = {}): Promise<PgDatabase> {
  const base = opts.baseUrl ?? (process.env.TEST_DATABASE_URL as string);
  const name = `mockloop_m_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl(base), { max: 1, onnotice: () => {} });
  await admin.unsafe(opts.empty ? `create database ${name}` : `create database ${name} template ${PG_TEMPLATE_DB}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    url,
    urlVia(port) {
      const v = new URL(url);
      v.hostname = "127.0.0.1";
      v.port = String(port);
      return v.toString();
    },
    sql,
    async drop() {
      await sql.end({ timeout: 2 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export interface Instance {
  name: string;
  port: number;
  base: string;
  child: ChildProcess;
  /** stdout and stderr so far (JSON log lines). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  waitReady(timeoutMs?: number): Promise<void>;
}

/** Starts `node --import tsx src/server.ts` with the given settings on a free port. */
export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: "127.0.0.1",
      SERVE_WEB: "false",
      LOG_LEVEL: "warn",
      MOCKLOOP_INSTANCE_ID: name,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  return {
    name,
    port,
    base,
    child,
    output: () => out,
    exited,
    alive: () => running,
    // A cold tsx start of the server took 17-50 s on this 2-core machine while other suites ran.
    async waitReady(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!running) throw new Error(`${name} exited before it was ready:\n${out}`);
        try {
          if ((await fetch(`${base}/readyz`)).status === 200) return;
        } catch {
          // not listening yet
        }
        await sleep(100);
      }
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${out}`);
    },
  };
}

/** Stops an instance if it still runs (SIGKILL after the grace period). */
export async function stopInstance(i: Instance, graceMs = 10_000): Promise<void> {
  if (!i.alive()) return;
  i.child.kill("SIGTERM");
  const done = await Promise.race([i.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    i.child.kill("SIGKILL");
    await i.exited;
  }
}

/** Lines a process logged at pino's error or fatal level, or that mention an unhandled rejection or exception. */
export function troubleLines(i: Instance): string[] {
  return i
    .output()
    .split("\n")
    .filter((l) => /"level":(50|60)\b|unhandled|Uncaught/i.test(l));
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  explain?: () => Promise<string>,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${explain ? `: ${await explain()}` : ""}`);
    }
    await sleep(100);
  }
}
