import type { Db } from "../db/client.ts";
import { isDatabaseUnavailable } from "../db/errors.ts";
import type { JobContext, JobHandler, JobRunnerOptions, SettleWrite } from "./contract.ts";
import {
  type Claim,
  claimJob,
  JOBS_CHANNEL,
  type JobRow,
  QUEUED_HERE,
  releaseAllRunning,
  releaseJobs,
  renewLeases,
  retryJobLater,
  settleJob,
} from "./store.ts";

class LeaseLost extends Error {
  constructor(readonly jobId: string) {
    super(`the lease on job ${jobId} was taken over by another instance`);
  }
}
class ShutdownAbort extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The first line of an error, without the query parameters drizzle appends (they may hold answer text). */
const messageOf = (err: unknown) =>
  ((err instanceof Error ? err.message : String(err)).split(/\r?\nparams:/)[0] as string) || "unknown error";

/** Exponential backoff for job retries, capped at five minutes. */
export const retryDelay = (baseMs: number, attempt: number) =>
  Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 300_000);

/**
 * Runs queued jobs of every kind, on any instance: claims them under a lease it keeps renewing,
 * wakes on a local kick, a NOTIFY or a periodic poll, retries failures with backoff up to a cap,
 * and waits out database outages without giving up a job it holds.
 */
export class JobRunner {
  private active = 0;
  private wanted = false;
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private readonly inflight = new Map<string, AbortController>();
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>) | null = null;
  /** While the database is unreachable: no eager re-claiming, a retry timer with growing waits. */
  private outage = false;
  private backoffMs = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: JobRunnerOptions) {}

  get owner(): string {
    return this.opts.owner;
  }

  /** Starts taking work. Only PGlite (one process per data directory) frees running jobs here. */
  async start(): Promise<void> {
    const { db, driver } = this.opts;
    try {
      if (driver === "pglite") await releaseAllRunning(db);
      // A configured, stable owner id takes back its own jobs from before a restart; a random one has none.
      else await releaseJobs(db, this.opts.owner);
    } catch (err) {
      this.opts.logger.warn("could not release jobs left from before a restart; their leases expire", {
        error: messageOf(err),
      });
    }
    this.running = true;
    this.timers.push(setInterval(() => this.kick(), this.opts.pollMs));
    this.timers.push(setInterval(() => void this.renew(), Math.max(50, Math.floor(this.opts.leaseMs / 3))));
    if (this.opts.listen) {
      try {
        // This process kicks itself when it queues grades (onGradesQueued); its own NOTIFY would only claim twice.
        this.unlisten = await this.opts.listen(JOBS_CHANNEL, (payload) => {
          if (payload !== QUEUED_HERE) this.kick();
        });
      } catch (err) {
        this.opts.logger.warn("could not LISTEN for queued jobs; polling only", { error: messageOf(err) });
      }
    }
    this.kick();
  }

  /** Stops claiming new jobs; jobs in flight carry on (see drain). */
  stop(): void {
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const unlisten = this.unlisten;
    this.unlisten = null;
    unlisten?.().catch(() => {});
  }

  /**
   * Stops claiming, lets jobs in flight finish for up to timeoutMs, then aborts the rest and hands
   * their leases back so another instance takes them at once.
   */
  async drain(timeoutMs: number): Promise<{ finished: boolean; released: number }> {
    this.stop();
    const done = this.idle().then(() => true);
    const finished = await Promise.race([done, sleep(timeoutMs).then(() => false)]);
    if (!finished) {
      for (const c of this.inflight.values()) c.abort(new ShutdownAbort("the server is shutting down"));
      await Promise.race([done, sleep(2000)]);
    }
    let released = 0;
    try {
      released = await releaseJobs(this.opts.db, this.opts.owner);
    } catch (err) {
      this.opts.logger.warn("could not release leases at shutdown; they expire on their own", {
        error: messageOf(err),
      });
    }
    return { finished, released };
  }

  /** Signals that new work may be queued. Cheap; safe to call often. */
  kick(): void {
    if (!this.running) return;
    this.wanted = true;
    // One more claimer per signal: a claimer that finds more work due starts the next itself.
    if (this.active < this.opts.concurrency) this.startLoop();
  }

  /** Resolves when this process runs no job and found none due. */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private startLoop(): void {
    this.active++;
    void this.loop().finally(() => {
      this.active--;
      if (this.wanted && this.running && !this.outage) this.kick();
      else if (this.active === 0) for (const w of this.idleWaiters.splice(0)) w();
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.wanted = false;
      let claim: Claim | null;
      try {
        claim = await claimJob(this.opts.db, this.opts.owner, this.opts.leaseMs);
        this.databaseBack();
      } catch (err) {
        this.databaseTrouble(err);
        return;
      }
      if (!claim) return;
      if (claim.more && this.active < this.opts.concurrency) this.startLoop();
      await this.runJob(claim.job);
      // Nothing else was due at the claim and no signal came since: claiming again would find nothing.
      if (!claim.more && !this.wanted) return;
    }
  }

  private async runJob(job: JobRow): Promise<void> {
    const { logger, maxAttempts } = this.opts;
    const handler = this.opts.handlers[job.kind];
    const controller = new AbortController();
    this.inflight.set(job.id, controller);
    const ctx: JobContext = {
      db: this.opts.db,
      signal: controller.signal,
      settle: (write) => this.settle(job, controller.signal, { status: "done" }, write),
    };
    try {
      if (job.attempts > maxAttempts) {
        const reason = `gave up after ${maxAttempts} attempts (the last did not finish: ${job.lastError ?? "its process stopped"})`;
        await this.settle(job, controller.signal, { status: "failed", error: reason }, (tx) =>
          handler.giveUp(tx, job, reason),
        );
        return;
      }
      await this.runThroughOutages(handler, job, ctx);
    } catch (err) {
      if (err instanceof LeaseLost || controller.signal.aborted) {
        logger.info("job abandoned", {
          jobId: job.id,
          kind: job.kind,
          reason: messageOf(controller.signal.reason ?? err),
        });
        return;
      }
      const error = messageOf(err);
      logger.warn("job failed", { jobId: job.id, kind: job.kind, attempt: job.attempts, error });
      try {
        if (job.attempts >= maxAttempts) {
          const reason = `gave up after ${job.attempts} attempts: ${error}`;
          await this.settle(job, controller.signal, { status: "failed", error: reason }, (tx) =>
            handler.giveUp(tx, job, reason),
          );
        } else {
          await retryJobLater(
            this.opts.db,
            job.id,
            this.opts.owner,
            retryDelay(this.opts.retryBaseMs, job.attempts),
            error,
          );
        }
      } catch (e) {
        // The lease runs out and the job is taken again, with this attempt counted.
        logger.warn("could not record a job failure", { jobId: job.id, error: messageOf(e) });
      }
    } finally {
      this.inflight.delete(job.id);
    }
  }

  /** A job that met an unreachable database is run again, under the same lease, once it answers. */
  private async runThroughOutages(handler: JobHandler, job: JobRow, ctx: JobContext): Promise<void> {
    for (let wait = 500; ; wait = Math.min(wait * 2, 5000)) {
      try {
        await handler.run(job, ctx);
        return;
      } catch (err) {
        if (!isDatabaseUnavailable(err) || ctx.signal.aborted) throw err;
        this.databaseTrouble(err);
        await sleep(wait);
      }
    }
  }

  private async settle(
    job: JobRow,
    signal: AbortSignal,
    outcome: { status: "done" | "failed"; error?: string },
    write: (tx: Db) => Promise<SettleWrite>,
  ): Promise<void> {
    for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
      if (signal.aborted) throw signal.reason;
      try {
        const queuedMore = await this.opts.db.transaction(async (tx) => {
          const db = tx as unknown as Db;
          // Sent together, in this order; a lost lease rolls the write back with the rest.
          const [held, out] = await Promise.all([settleJob(db, job.id, this.opts.owner, outcome), write(db)]);
          if (!held) throw new LeaseLost(job.id);
          return out;
        });
        if (queuedMore === true) this.wanted = true;
        return;
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        this.databaseTrouble(err);
        await sleep(wait);
      }
    }
  }

  private async renew(): Promise<void> {
    const ids = [...this.inflight.keys()];
    if (ids.length === 0) return;
    try {
      const held = await renewLeases(this.opts.db, this.opts.owner, ids, this.opts.leaseMs);
      for (const id of ids) if (!held.has(id)) this.inflight.get(id)?.abort(new LeaseLost(id));
    } catch (err) {
      // Not fatal: the lease has time left, and nobody can take it over while the database is away.
      this.databaseTrouble(err);
    }
  }

  private databaseTrouble(err: unknown): void {
    if (!this.outage) {
      this.opts.logger.warn("queue: database unavailable, retrying with backoff", { error: messageOf(err) });
      this.outage = true;
    }
    this.backoffMs = Math.min(Math.max(250, this.backoffMs * 2), 5000);
    if (this.running && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.kick();
      }, this.backoffMs);
    }
  }

  private databaseBack(): void {
    if (this.outage) this.opts.logger.info("queue: database reachable again");
    this.outage = false;
    this.backoffMs = 0;
  }
}
