import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../errors.ts";
import { requireCandidate } from "../http/auth.ts";
import { bearerSecurity, commonErrors } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { deleteClip, findOwnedTurn, insertClip, ownedClip, recordSpeechCall, sessionClips } from "../speech/store.ts";
import {
  audioBody,
  audioLimit,
  audioResponse,
  Capabilities,
  ClipMeta,
  ClipParam,
  json,
  problem,
  readAudio,
  TranscriptionResult,
  UploadQuery,
  uploadErrors,
} from "./speech-parts.ts";

/** Paths whose bodies are audio; the app's small JSON body limit does not apply to them. */
export const AUDIO_UPLOAD_PATHS = ["/api/speech/transcriptions", "/api/speech/clips"];

export const MAX_TTS_CHARS = 4000;

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
