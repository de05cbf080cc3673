import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted OpenAI-compatible speech server on 127.0.0.1: the real openai client talks to it
 * over HTTP. Replies are taken from a queue (the last one repeats); every request is recorded.
 */
export type SpeechReply =
  | { kind: "text"; text: string; delayMs?: number }
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  | { kind: "malformed" }
  | { kind: "audio"; bytes: Uint8Array; contentType?: string };

export interface RecordedSpeechRequest {
  path: string;
  authorization: string | null;
  /** Multipart fields of a transcription request (file excluded). */
  fields: Record<string, string>;
  file: { name: string; type: string; size: number; bytes: Uint8Array } | null;
  /** JSON body of a speech (TTS) request. */
  json: Record<string, unknown> | null;
}

export interface ScriptedSpeech {
  /** Base URL including /v1, for MOCKLOOP_SPEECH_BASE_URL or OPENAI_BASE_URL. */
  url: string;
  requests: RecordedSpeechRequest[];
  transcriptions: SpeechReply[];
  speech: SpeechReply[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const next = (queue: SpeechReply[]): SpeechReply | undefined => (queue.length > 1 ? queue.shift() : queue[0]);

export async function startScriptedSpeech(
  script: { transcriptions?: SpeechReply[]; speech?: SpeechReply[] } = {},
): Promise<ScriptedSpeech> {
  const state = {
    requests: [] as RecordedSpeechRequest[],
    transcriptions: script.transcriptions ?? [{ kind: "text", text: "scripted transcript" }],
    speech: script.speech ?? [{ kind: "audio", bytes: new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0]) }],
  };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = (req.url ?? "").split("?")[0] ?? "";
    const record: RecordedSpeechRequest = {
      path,
      authorization: req.headers.authorization ?? null,
      fields: {},
      file: null,
      json: null,
    };
    state.requests.push(record);
    let reply: SpeechReply | undefined;
    if (req.method === "POST" && path === "/v1/audio/transcriptions") {
      const form = await new Request("http://scripted/", {
        method: "POST",
        headers: { "content-type": req.headers["content-type"] ?? "" },
        body: new Uint8Array(body),
      }).formData();
      for (const [k, v] of form.entries()) {
        if (typeof v === "string") record.fields[k] = v;
        else record.file = { name: v.name, type: v.type, size: v.size, bytes: new Uint8Array(await v.arrayBuffer()) };
      }
      reply = next(state.transcriptions);
    } else if (req.method === "POST" && path === "/v1/audio/speech") {
      record.json = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      reply = next(state.speech);
    }
    if (!reply) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `no script for ${req.method} ${path}` } }));
      return;
    }
    if (reply.kind === "text") {
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ text: reply.text }));
    } else if (reply.kind === "status") {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.body ?? JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
    } else if (reply.kind === "malformed") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"transcript": 42');
    } else {
      res.writeHead(200, { "content-type": reply.contentType ?? "audio/mpeg" });
      res.end(Buffer.from(reply.bytes));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    get transcriptions() {
      return state.transcriptions;
    },
    set transcriptions(v: SpeechReply[]) {
      state.transcriptions = v;
    },
    get speech() {
      return state.speech;
    },
    set speech(v: SpeechReply[]) {
      state.speech = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
