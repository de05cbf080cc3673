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
 * When the model stops after part of a follow-up was sent, an `interrupted` event ({message,
 * reason}) says so before the `result`, whose `next` is then the offline interviewer's prompt:
 * the page shows the notice and replaces the partial text, never silently.
 */
export const INTERRUPTED_MESSAGE = "The interviewer's model stopped; here is the next question instead.";

type Queued = { event: "delta"; text: string } | { event: "interrupted"; reason: string };

export async function answerAsEventStream<T>(
  c: Context<AppEnv>,
  run: (onDelta: (text: string) => void, onInterrupted: (reason: string) => void) => Promise<T>,
): Promise<Response> {
  const queued: Queued[] = [];
  let wake: () => void = () => {};
  const push = (item: Queued) => {
    queued.push(item);
    wake();
  };
  const work = run(
    (text) => push({ event: "delta", text }),
    (reason) => push({ event: "interrupted", reason }),
  );
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
        const item = queued[sent++] as Queued;
        const data =
          item.event === "delta" ? { text: item.text } : { message: INTERRUPTED_MESSAGE, reason: item.reason };
        await stream.writeSSE({ event: item.event, data: JSON.stringify(data) });
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
