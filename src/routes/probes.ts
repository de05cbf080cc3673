import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { Hono } from "hono";
import type { Database } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/context.ts";

/** Where the process is in its life; src/server.ts moves it along, tests leave it at "serving". */
export interface Lifecycle {
  phase: "starting" | "serving" | "draining";
}

const PING_TIMEOUT_MS = 2000;

async function databaseAnswers(database: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  const ping = database.db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const problem = (err: AppError) =>
  new Response(JSON.stringify(err.toProblem()), {
    status: err.status,
    headers: { "content-type": "application/problem+json", "retry-after": "2" },
  });

/**
 * /livez: the process is up (never touches the database). /readyz: the database answers, the
 * migrations ran and the process is not shutting down; 503 problem+json otherwise.
 */
export function probeRoutes(database: Database, lifecycle: Lifecycle) {
  const app = new Hono<AppEnv>();
  app.get("/livez", (c) => c.json({ status: "live" }));
  app.get("/readyz", async (c) => {
    if (lifecycle.phase === "starting") {
      return problem(
        new AppError("database_unavailable", "Starting: the database is not reachable or not migrated yet."),
      );
    }
    if (lifecycle.phase === "draining") {
      return problem(new AppError("database_unavailable", "Shutting down: this instance takes no new requests."));
    }
    if (!(await databaseAnswers(database))) {
      return problem(new AppError("database_unavailable", "The database does not answer."));
    }
    return c.json({ status: "ready" });
  });
  return app;
}

/** Until the migrations have run, API requests get 503 instead of failing on missing tables. */
export function untilStarted(lifecycle: Lifecycle): MiddlewareHandler {
  return async (_c, next) => {
    if (lifecycle.phase === "starting") {
      throw new AppError("database_unavailable", "The server is starting and its database is not ready yet.");
    }
    await next();
  };
}
