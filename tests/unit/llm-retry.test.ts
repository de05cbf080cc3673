import { describe, expect, it } from "vitest";
import { classifyError, LlmFailure, retryAfterMs } from "../../src/llm/errors.ts";
import { RequestLimiter } from "../../src/llm/limiter.ts";
import { backoffMs, withRetries } from "../../src/llm/retry.ts";

const policy = { maxRetries: 2, baseMs: 1, maxWaitMs: 1000 };

describe("Retry-After", () => {
  it("reads milliseconds, seconds and HTTP dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });

  it("wins over the exponential backoff", () => {
    const f = new LlmFailure("rate-limited", "429", { retryAfterMs: 700 });
    expect(backoffMs({ ...policy, baseMs: 100 }, 1, f)).toBe(700);
    const g = new LlmFailure("server-error", "500");
    expect(backoffMs({ ...policy, baseMs: 100, jitter: 0 }, 3, g)).toBe(400);
  });
});

describe("withRetries", () => {
  it("retries retryable failures up to the limit and says how many attempts were made", async () => {
    let n = 0;
    const err = await withRetries(policy, async () => {
      n++;
      throw new LlmFailure("server-error", "server error (HTTP 500)");
    }).catch((e) => e as LlmFailure);
    expect(n).toBe(3);
    expect(err.message).toBe("server error (HTTP 500) (after 3 attempts)");
  });

  it("does not retry what retrying cannot fix", async () => {
    let n = 0;
    await expect(
      withRetries(policy, async () => {
        n++;
        throw new LlmFailure("rejected", "request rejected (HTTP 401)");
      }),
    ).rejects.toThrow("request rejected (HTTP 401)");
    expect(n).toBe(1);
  });

  it("gives up at once when the server asks to wait longer than allowed", async () => {
    let n = 0;
    const err = await withRetries(policy, async () => {
      n++;
      throw new LlmFailure("rate-limited", "rate limited (HTTP 429)", { retryAfterMs: 60_000 });
    }).catch((e) => e as Error);
    expect(n).toBe(1);
    expect(err.message).toBe("rate limited (HTTP 429); the server asked to wait 60 s");
  });

  it("passes the previous failure to the next attempt", async () => {
    const seen: (string | null)[] = [];
    const value = await withRetries(policy, async (_n, previous) => {
      seen.push(previous?.kind ?? null);
      if (seen.length < 2) throw new LlmFailure("malformed", "malformed output: x");
      return 42;
    });
    expect(value).toBe(42);
    expect(seen).toEqual([null, "malformed"]);
  });
});

describe("error classification", () => {
  const ctx = { timeoutMs: 500, callerAborted: false };
  it.each([
    [{ status: 429, message: "slow down", headers: new Headers({ "retry-after": "1" }) }, "rate-limited", true],
    [{ status: 503, message: "busy" }, "server-error", true],
    [{ status: 401, message: "bad key" }, "rejected", false],
    [Object.assign(new Error("Request timed out."), { name: "TimeoutError" }), "timeout", true],
    [Object.assign(new Error("Connection error."), { name: "APIConnectionError" }), "connection", true],
    [new SyntaxError("Unexpected token"), "malformed", true],
  ])("%o is %s", (err, kind, retryable) => {
    const f = classifyError(err, ctx);
    expect(f.kind).toBe(kind);
    expect(f.retryable).toBe(retryable);
  });

  it("keeps the server's Retry-After", () => {
    expect(classifyError({ status: 429, headers: new Headers({ "retry-after": "1" }) }, ctx).opts.retryAfterMs).toBe(
      1000,
    );
  });
});

describe("request limiter", () => {
  it("caps requests in flight, serves waiters in order, and lets a waiter give up on abort", async () => {
    const limiter = new RequestLimiter(1);
    const order: string[] = [];
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const second = limiter.run(async () => order.push("second"));
    const cancel = new AbortController();
    const gaveUp = limiter.run(async () => order.push("never"), cancel.signal);
    const third = limiter.run(async () => order.push("third"));
    await new Promise((r) => setImmediate(r));
    expect(limiter.inFlight).toBe(1);
    cancel.abort();
    await expect(gaveUp).rejects.toMatchObject({ kind: "aborted" });
    release();
    await Promise.all([first, second, third]);
    expect(order).toEqual(["second", "third"]);
    expect(limiter.inFlight).toBe(0);
  });
});
