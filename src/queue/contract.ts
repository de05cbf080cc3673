import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Env } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import type { JobKind } from "../db/schema.ts";
import type { Logger } from "../log.ts";
import type { JobRow } from "./store.ts";

/** What the job runner is given (settings, handlers) and what a handler is given (its context). */

export interface JobContext {
  db: Db;
  /** Aborted when the lease is lost to another instance or a shutdown ran out of time. */
  signal: AbortSignal;
  /**
   * Marks the job done and runs write in the same transaction, only while this instance still
   * holds the lease; retried while the database is unreachable. A write that queued more jobs
   * returns true, so this runner claims again at once.
   */
  settle(write: (tx: Db) => Promise<SettleWrite>): Promise<void>;
}

/** What a settle write resolves to: true when it queued more jobs, anything else when not. */
export type SettleWrite = unknown;

export interface JobHandler {
  run(job: JobRow, ctx: JobContext): Promise<void>;
  /** The attempts are used up: record why (in the transaction that marks the job failed). */
  giveUp(tx: Db, job: JobRow, reason: string): Promise<SettleWrite>;
}

export interface QueueSettings {
  /** Identifies this process in lease_owner; stable across restarts only when configured. */
  owner: string;
  concurrency: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  pollMs: number;
}

export interface JobRunnerOptions extends QueueSettings {
  db: Db;
  driver: "pglite" | "postgres";
  /** LISTEN on PostgreSQL; absent with PGlite, where the in-process kick and the poll suffice. */
  listen?: (channel: string, onNotify: (payload: string) => void) => Promise<() => Promise<void>>;
  handlers: Record<JobKind, JobHandler>;
  logger: Logger;
}

/** Queue settings from the environment; concurrency follows the model concurrency when one is configured. */
export function queueSettings(env: Env, concurrency = 2): QueueSettings {
  return {
    owner: env.MOCKLOOP_INSTANCE_ID ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    concurrency: Math.max(1, concurrency),
    leaseMs: env.QUEUE_LEASE_MS,
    maxAttempts: env.QUEUE_MAX_ATTEMPTS,
    retryBaseMs: env.QUEUE_RETRY_BASE_MS,
    pollMs: env.QUEUE_POLL_MS,
  };
}
