export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export type LlmFailureKind =
  | "timeout"
  | "rate-limited"
  | "server-error"
  | "connection"
  | "refusal"
  | "malformed"
  | "invented-quotes"
  | "unsafe-output"
  | "interrupted"
  | "rejected"
  | "aborted";

const RETRYABLE: ReadonlySet<LlmFailureKind> = new Set([
  "timeout",
  "rate-limited",
  "server-error",
  "connection",
  "refusal",
  "malformed",
]);

/**
 * A model call that did not give a usable answer. The message is written to be stored as the
 * reason of a fallback or ungraded grade, so it says what happened in plain words.
 */
export class LlmFailure extends Error {
  readonly retryable: boolean;

  constructor(
    readonly kind: LlmFailureKind,
    message: string,
    /** usage: tokens the failed call consumed, when the server answered at all. */
    readonly opts: { retryAfterMs?: number; status?: number; usage?: TokenUsage } = {},
  ) {
    super(message);
    this.name = "LlmFailure";
    this.retryable = RETRYABLE.has(kind);
  }

  /** The same failure, saying how many attempts were made. */
  after(attempts: number): LlmFailure {
    if (attempts <= 1) return this;
    return new LlmFailure(this.kind, `${this.message} (after ${attempts} attempts)`, this.opts);
  }
}

function headerOf(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/** Retry-After in milliseconds from retry-after-ms, or retry-after as seconds or an HTTP date. */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const ms = headerOf(headers, "retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headerOf(headers, "retry-after");
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const short = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Maps what the openai client (through LangChain) throws onto a failure kind. */
export function classifyError(err: unknown, ctx: { timeoutMs: number; callerAborted: boolean }): LlmFailure {
  if (err instanceof LlmFailure) return err;
  const e = err as { name?: string; message?: string; status?: number; headers?: unknown; error?: unknown };
  const message = (e?.message ?? String(err)).split("\n")[0] ?? "";
  if (ctx.callerAborted) return new LlmFailure("aborted", "the request was cancelled");
  // The openai client parses json_schema replies itself and throws these on bad ones.
  if (e?.name === "SyntaxError") return new LlmFailure("malformed", "malformed output: the reply is not valid JSON");
  if (/length limit was reached/i.test(message)) {
    return new LlmFailure("malformed", "malformed output: the reply was cut off at the token limit");
  }
  if (/content filter/i.test(message))
    return new LlmFailure("refusal", "refusal: the reply was withheld by a content filter");
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || /timed? ?out/i.test(message)) {
    return new LlmFailure("timeout", `timeout: no answer within ${ctx.timeoutMs} ms`);
  }
  const status = typeof e?.status === "number" ? e.status : undefined;
  if (status === 429) {
    return new LlmFailure("rate-limited", "rate limited (HTTP 429)", { status, retryAfterMs: retryAfterMs(e.headers) });
  }
  if (status !== undefined && (status >= 500 || status === 408 || status === 409)) {
    return new LlmFailure("server-error", `server error (HTTP ${status})`, {
      status,
      retryAfterMs: retryAfterMs(e.headers),
    });
  }
  if (status !== undefined) {
    return new LlmFailure("rejected", `request rejected (HTTP ${status}): ${short(message)}`, { status });
  }
  if (
    e?.name === "APIConnectionError" ||
    /connect|ECONNREFUSED|ECONNRESET|socket|fetch failed|terminated/i.test(message)
  ) {
    return new LlmFailure("connection", `connection failed: ${short(message)}`);
  }
  return new LlmFailure("rejected", `unexpected error: ${short(message)}`);
}
