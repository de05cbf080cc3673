import type {
  AnswerAcceptedT,
  CreateSessionBodyT,
  DeletedCountsT,
  HistoryT,
  MeSummaryT,
  PlanPreviewT,
  ProblemT,
  QuestionAttemptsT,
  RoleListT,
  ScorecardT,
  SessionViewT,
} from "../../api/schemas.ts";
import { readEventStream } from "./sse.ts";
import { clearToken, loadToken, saveToken } from "./token.ts";

export type Capabilities = {
  transcription: { available: boolean; model: string | null };
  tts: { available: boolean; model: string | null; voice: string | null };
  maxUploadBytes: number;
  audioStorage: "opt-in";
};

export type Health = {
  status: "ok" | "degraded";
  grader: { id: string; version: string; model: string | null; mode: string };
  interviewer: { id: string; version: string; model: string | null };
};

export type Transcription = { text: string; model: string; durationMs: number | null; audioClipId: string | null };
export type ClipMeta = {
  id: string;
  turnId: string | null;
  mimeType: string;
  bytes: number;
  durationMs: number | null;
};

/** Every failure the client shows: no connection, or a problem+json answer from the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemT | null,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
  get code(): string {
    return this.problem?.code ?? (this.status === 0 ? "network" : "http");
  }
}

const NETWORK =
  "We couldn't reach the mockloop server. Check that it is still running and that you are online, then try again.";

async function problemFrom(res: Response): Promise<ApiError> {
  let problem: ProblemT | null = null;
  try {
    const body = (await res.json()) as ProblemT;
    if (body && typeof body.detail === "string") problem = body;
  } catch {
    // Not JSON (a proxy error page, for example): the status alone has to do.
  }
  return new ApiError(res.status, problem, problem?.detail ?? `The server answered ${res.status} ${res.statusText}.`);
}

interface RequestOptions {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  auth?: boolean;
  signal?: AbortSignal;
}

async function send(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (opts.auth !== false) {
    const token = await ensureToken();
    headers.authorization = `Bearer ${token}`;
  }
  let body = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? "GET", headers, body, signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, null, NETWORK);
  }
  if (!res.ok) throw await problemFrom(res);
  return res;
}

async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

let pendingToken: Promise<string> | null = null;

/** The candidate token lives on this device only; the first visit creates one. */
export async function ensureToken(): Promise<string> {
  const existing = loadToken();
  if (existing) return existing;
  pendingToken ??= request<{ token: string }>("/api/candidates", { method: "POST", auth: false })
    .then((r) => {
      saveToken(r.token);
      return r.token;
    })
    .finally(() => {
      pendingToken = null;
    });
  return pendingToken;
}

/** A stale token (the server's data was reset) is replaced once, then the call is retried. */
async function withFreshToken<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && loadToken()) {
      clearToken();
      return call();
    }
    throw err;
  }
}

export const api = {
  health: () => request<Health>("/api/health", { auth: false }),
  roles: () => request<RoleListT>("/api/roles", { auth: false }),
  capabilities: () => request<Capabilities>("/api/speech/capabilities", { auth: false }),
  history: () => withFreshToken(() => request<HistoryT>("/api/sessions")),
  createSession: (body: CreateSessionBodyT) =>
    withFreshToken(() => request<SessionViewT>("/api/sessions", { method: "POST", json: body })),
  previewPlan: (body: CreateSessionBodyT, signal?: AbortSignal) =>
    withFreshToken(() => request<PlanPreviewT>("/api/sessions/preview", { method: "POST", json: body, signal })),
  session: (id: string) => request<SessionViewT>(`/api/sessions/${id}`),
  scorecard: (id: string) => request<ScorecardT>(`/api/sessions/${id}/scorecard`),
  attempts: (questionId: string, role: string) =>
    request<QuestionAttemptsT>(
      `/api/questions/${encodeURIComponent(questionId)}/attempts?${new URLSearchParams({ role })}`,
    ),
  skip: (id: string, turnId: string) =>
    request<AnswerAcceptedT>(`/api/sessions/${id}/skip`, { method: "POST", json: { turnId } }),
  end: (id: string) => request<SessionViewT>(`/api/sessions/${id}/end`, { method: "POST" }),

  /**
   * Submits an answer. Asks for a stream so LLM follow-ups appear as they are written; a server
   * that answers with plain JSON is just as fine.
   */
  async answer(
    id: string,
    body: { turnId: string; text: string; mode: "typed" | "spoken"; durationMs?: number },
    idempotencyKey: string,
    onDelta: (text: string) => void,
    /** The model stopped mid-follow-up: drop the partial text and show this message. */
    onInterrupted: (message: string) => void = () => {},
  ): Promise<AnswerAcceptedT> {
    const res = await send(`/api/sessions/${id}/answers`, {
      method: "POST",
      json: body,
      headers: { accept: "text/event-stream", "idempotency-key": idempotencyKey },
    });
    if (!(res.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
      return (await res.json()) as AnswerAcceptedT;
    }
    let result: AnswerAcceptedT | null = null;
    let failure: ApiError | null = null;
    try {
      await readEventStream(res, (event, data) => {
        if (event === "delta") onDelta((JSON.parse(data) as { text?: string }).text ?? "");
        else if (event === "interrupted") onInterrupted((JSON.parse(data) as { message: string }).message);
        else if (event === "result") result = JSON.parse(data) as AnswerAcceptedT;
        else if (event === "error") {
          const problem = JSON.parse(data) as ProblemT;
          failure = new ApiError(problem.status ?? 500, problem, problem.detail);
        }
      });
    } catch {
      throw new ApiError(0, null, NETWORK);
    }
    if (failure) throw failure;
    if (!result) {
      throw new ApiError(
        0,
        null,
        "The connection closed before the interviewer replied. Submitting again is safe: the answer will not be stored twice.",
      );
    }
    return result;
  },

  transcribe: (q: { sessionId: string; turnId: string; durationMs: number; keepAudio: boolean }, audio: Blob) =>
    request<Transcription>(
      `/api/speech/transcriptions?${new URLSearchParams({
        sessionId: q.sessionId,
        turnId: q.turnId,
        durationMs: String(Math.round(q.durationMs)),
        keepAudio: String(q.keepAudio),
      })}`,
      { method: "POST", body: audio, headers: { "content-type": audio.type || "audio/webm" } },
    ),
  keepClip: (q: { sessionId: string; turnId: string; durationMs: number }, audio: Blob) =>
    request<ClipMeta>(
      `/api/speech/clips?${new URLSearchParams({
        sessionId: q.sessionId,
        turnId: q.turnId,
        durationMs: String(Math.round(q.durationMs)),
      })}`,
      { method: "POST", body: audio, headers: { "content-type": audio.type || "audio/webm" } },
    ),
  clips: (sessionId: string) => request<{ clips: ClipMeta[] }>(`/api/speech/clips?sessionId=${sessionId}`),
  clipAudio: async (clipId: string) => (await send(`/api/speech/clips/${clipId}`)).blob(),
  deleteClip: (clipId: string) => request<void>(`/api/speech/clips/${clipId}`, { method: "DELETE" }),
  me: () => request<MeSummaryT>("/api/me"),
  /** Asks who a recovery code belongs to without adopting it: a wrong code leaves this device's token alone. */
  meWith: (token: string) =>
    request<MeSummaryT>("/api/me", { auth: false, headers: { authorization: `Bearer ${token}` } }),
  exportData: async () => {
    const res = await send("/api/me/export");
    const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1];
    return { blob: await res.blob(), filename: name ?? "mockloop-export.json" };
  },
  eraseMe: () => request<DeletedCountsT>("/api/me", { method: "DELETE" }),
  deleteSession: (id: string) => request<DeletedCountsT>(`/api/sessions/${id}`, { method: "DELETE" }),
  synthesize: async (text: string) =>
    (await send("/api/speech/synthesis", { method: "POST", json: { text }, headers: { accept: "audio/*" } })).blob(),
};
