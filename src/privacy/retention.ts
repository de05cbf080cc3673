import { lt } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { audioClips } from "../db/schema.ts";
import type { Logger } from "../log.ts";

const DAY_MS = 86_400_000;

/** Deletes kept recordings older than the retention period; returns how many went. */
export async function purgeExpiredRecordings(db: Db, retentionDays: number, now: Date): Promise<number> {
  if (retentionDays <= 0) return 0;
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const gone = await db.delete(audioClips).where(lt(audioClips.createdAt, cutoff)).returning({ id: audioClips.id });
  return gone.length;
}

export interface RetentionOptions {
  db: Db;
  retentionDays: number;
  intervalMs: number;
  logger: Logger;
  now?: () => number;
}

/** Runs the purge at start and then every interval, in this process; a failed run is logged and retried next time. */
export class RecordingRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly opts: RetentionOptions) {}

  /** One purge now (runs do not overlap). */
  runOnce(): Promise<number> {
    this.running ??= purgeExpiredRecordings(
      this.opts.db,
      this.opts.retentionDays,
      new Date((this.opts.now ?? Date.now)()),
    )
      .then((n) => {
        if (n > 0)
          this.opts.logger.info("expired recordings deleted", { count: n, retentionDays: this.opts.retentionDays });
        return n;
      })
      .catch((err) => {
        this.opts.logger.warn("recording retention purge failed", { err });
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  start(): Promise<number> {
    if (this.opts.retentionDays > 0 && !this.timer) {
      this.timer = setInterval(() => void this.runOnce(), this.opts.intervalMs);
      this.timer.unref();
    }
    return this.runOnce();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
