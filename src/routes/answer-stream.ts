import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/context.ts";

export const wantsEventStream = (accept: string | undefined) => /\btext\/event-stream\b/i.test(accept ?? "");

type Settled = "delta" | "done";

/**
 * Answers as Server-Sent Events: `delta` events ({text}) while the follow-up is written, then one
 * `result` event with the same body as the JSON response, or one `error` event with a problem
 * body. Nothing is sent before the first piece of text, so a request that fails early (unknown
 * session, answered turn) still gets its ordinary status code and problem+json body.
 * The `result` is authoritative: if a model failure made the server fall back mid-stream, its
 * `next.text` replaces whatever the deltas showed.
 */
export async function answerAsEventStream<T>(
  c: Context<AppEnv>,
  run: (onDelta: (text: string) => void) => Promise<T>,
): Promise<Response> {
  const queued: string[] = [];
  let wake: () => void = () => {};
  const work = run((text) => {
    queued.push(text);
    wake();
  });
  const settled = work.then(
    (): Settled => "done",
    (): Settled => "done",
  );
  let sent = 0;
  const nextDelta = () =>
    new Promise<Settled>((resolve) => {
      wake = () => resolve("delta");
      if (queued.length > sent) resolve("delta");
    });
  if ((await Promise.race([settled, nextDelta()])) === "done" && queued.length === 0) {
    await work; // rethrows an early failure, which then gets its normal status code
  }
  const requestId = c.get("requestId");
  const logger = c.get("logger");
  return streamSSE(c, async (stream) => {
    const flush = async () => {
      while (sent < queued.length) {
        await stream.writeSSE({ event: "delta", data: JSON.stringify({ text: queued[sent++] }) });
      }
    };
    while ((await Promise.race([settled, nextDelta()])) === "delta") await flush();
    await flush();
    try {
      await stream.writeSSE({ event: "result", data: JSON.stringify(await work) });
    } catch (err) {
      const appError =
        err instanceof AppError
          ? err
          : new AppError("internal_error", "An unexpected error occurred. It has been logged with this request id.");
      if (!(err instanceof AppError)) logger?.error("streamed answer failed", { error: String(err) });
      await stream.writeSSE({ event: "error", data: JSON.stringify(appError.toProblem(requestId)) });
    }
  });
}
