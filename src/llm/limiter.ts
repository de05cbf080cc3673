import { LlmFailure } from "./errors.ts";

/**
 * Which slots a model request uses. A candidate waiting for a follow-up ("interactive") has a lane
 * of its own, so background grading can hold every one of its slots without delaying the interview.
 */
export type Lane = "interactive" | "background";

/** Caps concurrent requests in one lane; a waiting request gives up when its signal aborts. */
export class RequestLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.active;
  }

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const take = () => {
        signal?.removeEventListener("abort", give);
        resolve();
      };
      const give = () => {
        const i = this.waiting.indexOf(take);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new LlmFailure("aborted", "the request was cancelled while waiting for a free model slot"));
      };
      if (signal?.aborted) return give();
      signal?.addEventListener("abort", give, { once: true });
      this.waiting.push(take);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
