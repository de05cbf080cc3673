// First: loads .env and removes tracing variables before LangChain can read them.
import "./preload.ts";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { type Env, EnvError, parseEnv } from "./config/env.ts";
import { ContentError, loadContent } from "./content/load.ts";
import { createDatabase, type Database } from "./db/client.ts";
import { isDatabaseUnavailable } from "./db/errors.ts";
import { createLogger, type Logger } from "./log.ts";
import { loadedEnvFile, tracing } from "./preload.ts";
import { RecordingRetention } from "./privacy/retention.ts";
import { type Lifecycle, probeRoutes } from "./routes/probes.ts";
import { buildServices } from "./services.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for the database as long as it takes: a database that is still starting is no reason to exit. */
async function migrateWhenReachable(database: Database, logger: Logger): Promise<void> {
  for (let wait = 500; ; wait = Math.min(wait * 2, 10_000)) {
    try {
      await database.migrate();
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      logger.warn("database not reachable; migrations will be retried", { error: String(err), retryInMs: wait });
      await sleep(wait);
    }
  }
}

/** Closes the listener and resolves once the requests in flight have been answered (or at the deadline). */
function closeServer(server: Server, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    // Keep-alive connections that finish their request meanwhile are closed as they go idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const timer = setTimeout(() => {
      clearInterval(sweep);
      server.closeAllConnections();
      resolve(false);
    }, timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(timer);
      resolve(true);
    });
    server.closeIdleConnections();
  });
}

async function main(env: Env) {
  const logger = createLogger(env.LOG_LEVEL).child({ role: env.MOCKLOOP_ROLE });
  // A last resort that keeps a bug from taking the process down; every known path handles its errors.
  process.on("unhandledRejection", (reason) => {
    logger.error("unhandled promise rejection", { error: String(reason), stack: (reason as Error)?.stack });
  });
  const content = loadContent(env.CONTENT_DIR);
  const database = await createDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const services = buildServices(env, database, content, logger);
  const lifecycle: Lifecycle = { phase: "starting" };
  const retention = new RecordingRetention({
    db: database.db,
    retentionDays: env.MOCKLOOP_RECORDING_RETENTION_DAYS,
    intervalMs: env.MOCKLOOP_RETENTION_SWEEP_MINUTES * 60_000,
    logger,
  });
  const runsWorker = env.MOCKLOOP_ROLE !== "web";
  const app = env.MOCKLOOP_ROLE === "worker" ? probeRoutes(database, lifecycle) : createApp(services, lifecycle);

  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const g = services.grader.info();
    logger.info("mockloop is listening", {
      url: `http://${env.HOST === "127.0.0.1" ? "localhost" : env.HOST}:${info.port}`,
      database: database.driver,
      grader: g.id === "offline" ? "offline (no language model configured)" : `${g.id} ${g.model ?? ""}`.trim(),
      instance: services.grading.owner,
      telemetry: tracing.summary,
      envFile: loadedEnvFile,
    });
  }) as Server;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info("shutting down", { signal, timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
    lifecycle.phase = "draining";
    await sleep(env.SHUTDOWN_DELAY_MS);
    const remaining = () => Math.max(0, env.SHUTDOWN_TIMEOUT_MS - (Date.now() - started));
    const [requests, grading] = await Promise.all([
      closeServer(server, remaining()),
      runsWorker ? services.grading.drain(remaining()) : Promise.resolve({ finished: true, released: 0 }),
    ]);
    logger.info("stopped", {
      requestsFinished: requests,
      jobsFinished: grading.finished,
      leasesReleased: grading.released,
    });
    await retention.stop();
    await database.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await migrateWhenReachable(database, logger);
  if (stopping) return;
  if (runsWorker) await services.grading.start();
  // Expired recordings are purged by every instance that runs the worker: the delete is idempotent.
  if (runsWorker) await retention.start();
  if (stopping) return;
  lifecycle.phase = "serving";
  logger.info("ready");
}

try {
  await main(parseEnv());
} catch (err) {
  console.error(err instanceof EnvError || err instanceof ContentError ? err.message : err);
  process.exit(1);
}
