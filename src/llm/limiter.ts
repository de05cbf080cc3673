export type Priority = "interactive" | "background";

/**
 * Caps concurrent model requests. A candidate waiting for a follow-up ("interactive") goes ahead
 * of background grading, so a grading backlog never delays the interview.
 */
export class RequestLimiter {
  private active = 0;
  private readonly queues: Record<Priority, (() => void)[]> = { interactive: [], background: [] };

  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.active;
  }

  async run<T>(priority: Priority, fn: () => Promise<T>): Promise<T> {
    await this.acquire(priority);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(priority: Priority): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queues[priority].push(resolve));
  }

  private release(): void {
    const next = this.queues.interactive.shift() ?? this.queues.background.shift();
    if (next) next();
    else this.active--;
  }
}
