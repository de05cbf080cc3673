import { LlmFailure } from "./errors.ts";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseMs: number;
  maxWaitMs: number;
  /** 0..1 share of random spread added to each backoff step, so workers do not retry in lockstep. */
  jitter?: number;
}

export function backoffMs(policy: RetryPolicy, retry: number, failure: LlmFailure, random = Math.random): number {
  if (failure.opts.retryAfterMs !== undefined) return failure.opts.retryAfterMs;
  const step = policy.baseMs * 2 ** (retry - 1);
  return Math.min(policy.maxWaitMs, step * (1 + (policy.jitter ?? 0.25) * random()));
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(new LlmFailure("aborted", "the request was cancelled"));
    }
    signal?.addEventListener("abort", abort, { once: true });
  });

/**
 * Runs attempt(n, previousFailure) until it succeeds, a failure is not retryable, or the retries
 * are spent. Waits between attempts follow Retry-After when the server sends one, else an
 * exponential backoff; a server asking for longer than maxWaitMs ends the call at once.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (n: number, previous: LlmFailure | null) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let previous: LlmFailure | null = null;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n, previous);
    } catch (err) {
      if (!(err instanceof LlmFailure)) throw err;
      if (!err.retryable || n > policy.maxRetries) throw err.after(n);
      const wait = backoffMs(policy, n, err);
      if (wait > policy.maxWaitMs) {
        throw new LlmFailure(
          err.kind,
          `${err.message}; the server asked to wait ${Math.ceil(wait / 1000)} s`,
          err.opts,
        );
      }
      previous = err;
      await sleep(wait, signal);
    }
  }
}
