import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";

/**
 * The one test double the project allows: an OpenAI-compatible HTTP server on 127.0.0.1 that the
 * real openai/LangChain client talks to. Each chat completion takes the next scripted reply.
 */

export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

interface Common {
  /** Wait this long before answering ("slow"). */
  delayMs?: number;
  usage?: ScriptedUsage;
}

export type ScriptedReply =
  /** A structured answer: a tool call when the request offers tools, else JSON content. */
  | ({ kind: "json"; value: unknown } & Common)
  /** Raw assistant text (malformed output, or a follow-up); streamed when the request streams. */
  | ({ kind: "text"; text: string; chunkSize?: number; chunkDelayMs?: number } & Common)
  | ({ kind: "refusal"; text: string } & Common)
  | ({ kind: "status"; status: number; headers?: Record<string, string>; message?: string } & Common)
  /**
   * Streams these exact chunks as SSE; with breakAfter, the connection drops after that many; with
   * stallAfter, the stream goes quiet for stallMs after that many (a model that stalls mid-reply).
   */
  | ({
      kind: "stream";
      chunks: string[];
      chunkDelayMs?: number;
      breakAfter?: number;
      stallAfter?: number;
      stallMs?: number;
    } & Common);

export interface RecordedRequest {
  path: string;
  headers: Record<string, string>;
  body: ChatRequest;
  at: number;
}

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string | null }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: { type: string; function: { name: string; parameters: unknown } }[];
  tool_choice?: unknown;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  max_tokens?: number;
  temperature?: number;
}

export type ReplySource = ScriptedReply | ((req: RecordedRequest) => ScriptedReply);

export interface ScriptedLlm {
  /** Base URL for OPENAI_BASE_URL, e.g. http://127.0.0.1:PORT/v1. */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies, answered in order. */
  push(...replies: ReplySource[]): void;
  /** Answers when the queue is empty; by default a 500 saying the script ran out. */
  otherwise(reply: ReplySource | null): void;
  pending(): number;
  /** Status for GET /v1/models (health probe). */
  modelsStatus: number;
  /** Forgets queued replies, the fallback and recorded requests (between tests). */
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A rough count so that replies without scripted usage still report plausible tokens. */
const estimate = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function usageFor(req: ChatRequest, output: string, scripted?: ScriptedUsage) {
  const u = scripted ?? {
    prompt_tokens: estimate(req.messages.map((m) => m.content ?? "").join("\n")),
    completion_tokens: estimate(output),
  };
  return { ...u, total_tokens: u.prompt_tokens + u.completion_tokens };
}

function completion(req: ChatRequest, message: Record<string, unknown>, finish: string, usage: unknown) {
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: finish, logprobs: null }],
    usage,
  };
}

function chunk(req: ChatRequest, id: string, delta: Record<string, unknown>, finish: string | null) {
  return {
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  };
}

function splitText(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export async function startScriptedLlm(): Promise<ScriptedLlm> {
  const queue: ReplySource[] = [];
  let fallback: ReplySource | null = null;
  const requests: RecordedRequest[] = [];
  const app = new Hono();
  const state = { modelsStatus: 200 };

  app.get("/v1/models", (c) => {
    if (state.modelsStatus !== 200) return c.json({ error: { message: "unavailable" } }, state.modelsStatus as 503);
    return c.json({ object: "list", data: [{ id: "scripted-model", object: "model", owned_by: "tests" }] });
  });

  app.post("/v1/chat/completions", async (c) => {
    const body = (await c.req.json()) as ChatRequest;
    const recorded: RecordedRequest = { path: c.req.path, headers: c.req.header(), body, at: Date.now() };
    requests.push(recorded);
    const source = queue.shift() ??
      fallback ?? {
        kind: "status",
        status: 500,
        message: "the scripted server has no reply left for this request",
      };
    const reply = typeof source === "function" ? source(recorded) : source;
    if (reply.delayMs) await sleep(reply.delayMs);

    if (reply.kind === "status") {
      return c.json(
        { error: { message: reply.message ?? `scripted HTTP ${reply.status}`, type: "scripted", code: null } },
        reply.status as 500,
        reply.headers,
      );
    }
    if (reply.kind === "refusal") {
      return c.json(
        completion(body, { content: null, refusal: reply.text }, "stop", usageFor(body, reply.text, reply.usage)),
      );
    }
    if (reply.kind === "json") {
      const args = JSON.stringify(reply.value);
      const usage = usageFor(body, args, reply.usage);
      const tool = body.tools?.[0];
      if (tool) {
        const call = {
          id: `call_${randomUUID().slice(0, 8)}`,
          type: "function",
          function: { name: tool.function.name, arguments: args },
        };
        return c.json(completion(body, { content: null, tool_calls: [call] }, "tool_calls", usage));
      }
      return c.json(completion(body, { content: args }, "stop", usage));
    }
    const text = reply.kind === "text" ? reply.text : reply.chunks.join("");
    const usage = usageFor(body, text, reply.usage);
    if (!body.stream) return c.json(completion(body, { content: text }, "stop", usage));

    const pieces = reply.kind === "stream" ? reply.chunks : splitText(text, reply.chunkSize ?? 12);
    const breakAfter = reply.kind === "stream" ? reply.breakAfter : undefined;
    const id = `chatcmpl-${randomUUID()}`;
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({ data: JSON.stringify(chunk(body, id, { role: "assistant", content: "" }, null)) });
      for (const [i, piece] of pieces.entries()) {
        if (breakAfter !== undefined && i >= breakAfter) {
          // Let what was written reach the client, then drop the connection as a crashed server would.
          await sleep(50);
          (c.env as { incoming?: IncomingMessage }).incoming?.socket.destroy();
          return;
        }
        if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
        if (reply.kind === "stream" && reply.stallAfter === i) await sleep(reply.stallMs ?? 60_000);
        if (stream.aborted || stream.closed) return;
        await stream.writeSSE({ data: JSON.stringify(chunk(body, id, { content: piece }, null)) });
      }
      await stream.writeSSE({ data: JSON.stringify(chunk(body, id, {}, "stop")) });
      if (body.stream_options?.include_usage) {
        await stream.writeSSE({ data: JSON.stringify({ ...chunk(body, id, {}, null), choices: [], usage }) });
      }
      await stream.writeSSE({ data: "[DONE]" });
    });
  });

  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    push: (...replies) => queue.push(...replies),
    otherwise: (reply) => {
      fallback = reply;
    },
    pending: () => queue.length,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      fallback = null;
      state.modelsStatus = 200;
    },
    get modelsStatus() {
      return state.modelsStatus;
    },
    set modelsStatus(v: number) {
      state.modelsStatus = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The text of the request's messages, for finding what the app sent. */
export function requestText(req: RecordedRequest): string {
  return req.body.messages.map((m) => m.content ?? "").join("\n");
}

/** The nonce the app fenced the candidate's answers with in this request. */
export function fenceNonce(req: RecordedRequest): string | null {
  return /<<<ANSWER ([0-9a-f]+)>>>/.exec(requestText(req))?.[1] ?? null;
}
