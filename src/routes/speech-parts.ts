import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ProblemSchema } from "../api/schemas.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/context.ts";
import { enforce } from "../http/limits.ts";
import { AUDIO_TYPES, normaliseAudioType } from "../speech/formats.ts";

/** Schemas, OpenAPI pieces and upload handling for the speech routes (src/routes/speech.ts). */

export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const binary = { schema: z.string().openapi({ type: "string", format: "binary" }) };
export const audioBody = {
  required: true,
  description:
    "The recording as raw bytes (for example audio/webm;codecs=opus from MediaRecorder). Other content types are refused with 415.",
  content: Object.fromEntries(AUDIO_TYPES.map((t) => [t, binary])),
};
export const audioResponse = (description: string) => ({
  description,
  content: { "audio/*": { schema: z.string().openapi({ type: "string", format: "binary" }) } },
});
export const uploadErrors = {
  413: problem("The recording is larger than the server accepts (see maxUploadBytes)."),
  415: problem("The body is not audio."),
} as const;

export const Capabilities = z
  .object({
    transcription: z.object({ available: z.boolean(), model: z.string().nullable() }),
    tts: z.object({ available: z.boolean(), model: z.string().nullable(), voice: z.string().nullable() }),
    maxUploadBytes: z.number().int(),
    audioStorage: z.literal("opt-in"),
  })
  .openapi("SpeechCapabilities");

export const UploadQuery = z.object({
  sessionId: z.uuid({ message: "must be a session id (UUID)" }),
  turnId: z.uuid({ message: "must be the turnId of the prompt being answered" }),
  durationMs: z.coerce.number().int().min(0).max(3_600_000).optional(),
  keepAudio: z
    .enum(["true", "false"], { message: "must be true or false" })
    .default("false")
    .openapi({ description: "Store the recording with the session. Off unless the candidate opts in." }),
});

export const TranscriptionResult = z
  .object({
    text: z.string(),
    model: z.string(),
    durationMs: z.number().int().nullable(),
    audioClipId: z.uuid().nullable().openapi({ description: "Set only when keepAudio=true." }),
  })
  .openapi("Transcription");

export const ClipMeta = z
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

export const ClipParam = z.object({
  clipId: z.uuid({ message: "must be a recording id (UUID)" }).openapi({ param: { name: "clipId", in: "path" } }),
});

export function readableBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  return `${Math.round(n / 1024)} KB`;
}

/** A per-request limit so the configured maximum applies and the 413 says it in plain words. */
export const audioLimit = createMiddleware<AppEnv>((c, next) => {
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

export async function readAudio(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; mimeType: string }> {
  const mimeType = normaliseAudioType(c.req.header("content-type") ?? "");
  if (!mimeType) {
    throw new AppError(
      "unsupported_media_type",
      `Send the recording with one of these Content-Types: ${AUDIO_TYPES.join(", ")} (optionally with ;codecs=...).`,
      { field: "Content-Type" },
    );
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new AppError("validation_failed", "The recording is empty.", { field: "body" });
  enforce(
    c.get("limits").audioBytesPerCandidate.take(c.get("candidateId"), bytes.length),
    "This candidate has uploaded as much audio as the server allows for now.",
    "audio_quota_exceeded",
  );
  return { bytes, mimeType };
}
