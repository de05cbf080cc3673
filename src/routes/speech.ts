import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ProblemSchema } from "../api/schemas.ts";
import { AppError } from "../errors.ts";
import { requireCandidate } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { bearerSecurity, commonErrors } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { deleteClip, findOwnedTurn, insertClip, ownedClip, recordSpeechCall, sessionClips } from "../speech/store.ts";

/** Paths whose bodies are audio; the app's small JSON body limit does not apply to them. */
export const AUDIO_UPLOAD_PATHS = ["/api/speech/transcriptions", "/api/speech/clips"];

export const MAX_TTS_CHARS = 4000;

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const audioBody = {
  required: true,
  description: "The recording as raw bytes (for example audio/webm from MediaRecorder).",
  content: { "audio/*": { schema: z.string().openapi({ type: "string", format: "binary" }) } },
};
const audioResponse = (description: string) => ({
  description,
  content: { "audio/*": { schema: z.string().openapi({ type: "string", format: "binary" }) } },
});
const uploadErrors = {
  413: problem("The recording is larger than the server accepts (see maxUploadBytes)."),
  415: problem("The body is not audio."),
} as const;

const Capabilities = z
  .object({
    transcription: z.object({ available: z.boolean(), model: z.string().nullable() }),
    tts: z.object({ available: z.boolean(), model: z.string().nullable(), voice: z.string().nullable() }),
    maxUploadBytes: z.number().int(),
    audioStorage: z.literal("opt-in"),
  })
  .openapi("SpeechCapabilities");

const UploadQuery = z.object({
  sessionId: z.uuid({ message: "must be a session id (UUID)" }),
  turnId: z.uuid({ message: "must be the turnId of the prompt being answered" }),
  durationMs: z.coerce.number().int().min(0).max(3_600_000).optional(),
  keepAudio: z
    .enum(["true", "false"], { message: "must be true or false" })
    .default("false")
    .openapi({ description: "Store the recording with the session. Off unless the candidate opts in." }),
});

const TranscriptionResult = z
  .object({
    text: z.string(),
    model: z.string(),
    durationMs: z.number().int().nullable(),
    audioClipId: z.uuid().nullable().openapi({ description: "Set only when keepAudio=true." }),
  })
  .openapi("Transcription");

const ClipMeta = z
  .object({
    id: z.uuid(),
    sessionId: z.uuid(),
    turnId: z.uuid().nullable(),
    mimeType: z.string(),
    bytes: z.number().int(),
    durationMs: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .openapi("AudioClip");

const ClipParam = z.object({
  clipId: z.uuid({ message: "must be a recording id (UUID)" }).openapi({ param: { name: "clipId", in: "path" } }),
});

function readableBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  return `${Math.round(n / 1024)} KB`;
}

/** A per-request limit so the configured maximum applies and the 413 says it in plain words. */
const audioLimit = createMiddleware<AppEnv>((c, next) => {
  const max = c.get("services").env.MOCKLOOP_AUDIO_MAX_BYTES;
  return bodyLimit({
    maxSize: max,
    onError: () => {
      throw new AppError(
        "payload_too_large",
        `The recording is larger than this server accepts (${readableBytes(max)}). Record a shorter answer, or type it.`,
        { field: "body" },
      );
    },
  })(c, next);
});

async function readAudio(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; mimeType: string }> {
  const mimeType = (c.req.header("content-type") ?? "").trim();
  if (!/^audio\/[\w.+-]+/i.test(mimeType)) {
    throw new AppError("unsupported_media_type", "Send the recording with an audio/* Content-Type, e.g. audio/webm.", {
      field: "Content-Type",
    });
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new AppError("validation_failed", "The recording is empty.", { field: "body" });
  return { bytes, mimeType };
}

export const speechRoutes = createRouter();

speechRoutes.openapi(
  createRoute({
    method: "get",
    path: "/capabilities",
    summary: "Which speech features this server offers",
    description:
      "The browser covers what the server does not: its own speech synthesis and, where present, recognition.",
    responses: { 200: json(Capabilities, "Capabilities") },
  }),
  (c) => c.json(c.get("services").speech.capabilities(), 200),
);

speechRoutes.use("/transcriptions", requireCandidate, audioLimit);
speechRoutes.use("/clips", requireCandidate, (c, next) => (c.req.method === "POST" ? audioLimit(c, next) : next()));
speechRoutes.use("/clips/*", requireCandidate);
speechRoutes.use("/synthesis", requireCandidate);

speechRoutes.openapi(
  createRoute({
    method: "post",
    path: "/transcriptions",
    summary: "Transcribe a recorded answer",
    description:
      "Sends the recording to the configured OpenAI-compatible transcription endpoint and returns the text for the " +
      "candidate to review. The recording is discarded unless keepAudio=true.",
    security: bearerSecurity,
    request: { query: UploadQuery, body: audioBody },
    responses: {
      200: json(TranscriptionResult, "The transcript"),
      ...commonErrors,
      ...uploadErrors,
      501: problem("No transcription model is configured."),
      502: problem("The transcription endpoint failed."),
    },
  }),
  async (c) => {
    const { db } = c.get("services").database;
    const speech = c.get("services").speech;
    const q = c.req.valid("query");
    const turn = await findOwnedTurn(db, c.get("candidateId"), q.sessionId, q.turnId);
    const audio = await readAudio(c);
    const started = performance.now();
    const model = speech.capabilities().transcription.model;
    let transcript: Awaited<ReturnType<typeof speech.transcribe>>;
    try {
      transcript = await speech.transcribe({ ...audio, prompt: turn.prompt });
    } catch (err) {
      if (model && err instanceof AppError && err.code === "upstream_unavailable") {
        const latencyMs = Math.round(performance.now() - started);
        await recordSpeechCall(db, {
          sessionId: q.sessionId,
          purpose: "transcription",
          model,
          latencyMs,
          ok: false,
          error: err.detail,
        });
      }
      throw err;
    }
    await recordSpeechCall(db, {
      sessionId: q.sessionId,
      purpose: "transcription",
      model: transcript.model,
      latencyMs: transcript.latencyMs,
      ok: true,
    });
    const audioClipId =
      q.keepAudio === "true"
        ? await insertClip(db, { sessionId: q.sessionId, turnId: q.turnId, ...audio, durationMs: q.durationMs ?? null })
        : null;
    return c.json(
      { text: transcript.text, model: transcript.model, durationMs: q.durationMs ?? null, audioClipId },
      200,
    );
  },
);

speechRoutes.openapi(
  createRoute({
    method: "post",
    path: "/clips",
    summary: "Keep a recording (opt-in)",
    description: "For answers recognised in the browser: stores the recording only because the candidate asked.",
    security: bearerSecurity,
    request: { query: UploadQuery.omit({ keepAudio: true }), body: audioBody },
    responses: { 201: json(ClipMeta, "Stored"), ...commonErrors, ...uploadErrors },
  }),
  async (c) => {
    const { db } = c.get("services").database;
    const q = c.req.valid("query");
    await findOwnedTurn(db, c.get("candidateId"), q.sessionId, q.turnId);
    const audio = await readAudio(c);
    const id = await insertClip(db, {
      sessionId: q.sessionId,
      turnId: q.turnId,
      ...audio,
      durationMs: q.durationMs ?? null,
    });
    const clip = await ownedClip(db, c.get("candidateId"), id);
    return c.json({ ...clip, bytes: clip.bytes.length, createdAt: clip.createdAt.toISOString() }, 201);
  },
);

speechRoutes.openapi(
  createRoute({
    method: "get",
    path: "/clips",
    summary: "Recordings kept for a session",
    security: bearerSecurity,
    request: { query: z.object({ sessionId: z.uuid({ message: "must be a session id (UUID)" }) }) },
    responses: { 200: json(z.object({ clips: z.array(ClipMeta) }), "Oldest first"), ...commonErrors },
  }),
  async (c) => {
    const { db } = c.get("services").database;
    return c.json({ clips: await sessionClips(db, c.get("candidateId"), c.req.valid("query").sessionId) }, 200);
  },
);

speechRoutes.openapi(
  createRoute({
    method: "get",
    path: "/clips/{clipId}",
    summary: "Play back a kept recording",
    security: bearerSecurity,
    request: { params: ClipParam },
    responses: { 200: audioResponse("The recording"), ...commonErrors },
  }),
  async (c) => {
    const clip = await ownedClip(c.get("services").database.db, c.get("candidateId"), c.req.valid("param").clipId);
    return c.body(clip.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": clip.mimeType,
      "cache-control": "private, no-store",
    });
  },
);

speechRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/clips/{clipId}",
    summary: "Delete a kept recording",
    security: bearerSecurity,
    request: { params: ClipParam },
    responses: { 204: { description: "Deleted" }, ...commonErrors },
  }),
  async (c) => {
    await deleteClip(c.get("services").database.db, c.get("candidateId"), c.req.valid("param").clipId);
    return c.body(null, 204);
  },
);

speechRoutes.openapi(
  createRoute({
    method: "post",
    path: "/synthesis",
    summary: "Read a prompt aloud with the configured text-to-speech endpoint",
    security: bearerSecurity,
    request: {
      body: {
        required: true,
        content: {
          "application/json": {
            schema: z.strictObject({
              text: z
                .string()
                .trim()
                .min(1, { message: "must not be empty" })
                .max(MAX_TTS_CHARS, { message: `must be at most ${MAX_TTS_CHARS} characters` }),
            }),
          },
        },
      },
    },
    responses: {
      200: audioResponse("Speech audio"),
      ...commonErrors,
      501: problem("No text-to-speech model is configured."),
      502: problem("The text-to-speech endpoint failed."),
    },
  }),
  async (c) => {
    const { db } = c.get("services").database;
    const speech = c.get("services").speech;
    const out = await speech.synthesize(c.req.valid("json").text);
    await recordSpeechCall(db, {
      sessionId: null,
      purpose: "tts",
      model: out.model,
      latencyMs: out.latencyMs,
      ok: true,
    });
    return c.body(out.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": out.mimeType,
      "cache-control": "private, max-age=3600",
    });
  },
);
