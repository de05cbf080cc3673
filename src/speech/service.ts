import OpenAI, { APIConnectionTimeoutError, APIError, toFile } from "openai";
import type { Env } from "../config/env.ts";
import { AppError } from "../errors.ts";
import { AUDIO_EXTENSIONS } from "./formats.ts";

export interface SpeechCapabilities {
  transcription: { available: boolean; model: string | null };
  tts: { available: boolean; model: string | null; voice: string | null };
  /** Largest recording the server accepts, in bytes. */
  maxUploadBytes: number;
  /** Audio is kept only when the candidate asks for it. */
  audioStorage: "opt-in";
}

export interface Transcript {
  text: string;
  model: string;
  latencyMs: number;
}

export interface SynthesizedSpeech {
  bytes: Uint8Array;
  mimeType: string;
  model: string;
  latencyMs: number;
}

export interface SpeechService {
  capabilities(): SpeechCapabilities;
  /** Throws feature_unavailable when no model is configured, upstream_unavailable when it fails. */
  transcribe(audio: { bytes: Uint8Array; mimeType: string; prompt?: string }): Promise<Transcript>;
  synthesize(text: string): Promise<SynthesizedSpeech>;
}

/** Transcription servers pick the decoder from the file name, so the extension must match the bytes. */
export function fileNameFor(mimeType: string): string {
  const base = mimeType.split(";")[0]?.trim().toLowerCase() ?? "";
  return `answer.${AUDIO_EXTENSIONS[base] ?? "webm"}`;
}

/** Whisper-style prompts steer vocabulary; a long one is cut to its start. */
const MAX_PROMPT_CHARS = 600;

function upstreamError(what: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  let why: string;
  if (err instanceof APIConnectionTimeoutError) why = "it did not answer in time";
  else if (err instanceof APIError && err.status) why = `it answered with HTTP ${err.status}`;
  else if (err instanceof APIError) why = "it could not be reached";
  else why = (err as Error)?.message ?? String(err);
  return new AppError("upstream_unavailable", `The ${what} service failed: ${why}. Nothing was lost; try again.`);
}

export function createSpeechService(env: Env): SpeechService {
  const baseURL = env.MOCKLOOP_SPEECH_BASE_URL ?? env.OPENAI_BASE_URL;
  const apiKey = env.MOCKLOOP_SPEECH_API_KEY ?? env.OPENAI_API_KEY;
  // Either an explicit endpoint (local servers often need no key) or a key for the default endpoint.
  const reachable = Boolean(baseURL || apiKey);
  const transcribeModel = reachable ? (env.MOCKLOOP_TRANSCRIBE_MODEL ?? null) : null;
  const ttsModel = reachable ? (env.MOCKLOOP_TTS_MODEL ?? null) : null;
  let client: OpenAI | undefined;
  const api = () => {
    client ??= new OpenAI({
      baseURL,
      apiKey: apiKey ?? "not-needed",
      maxRetries: 1,
      timeout: env.MOCKLOOP_SPEECH_TIMEOUT_MS,
    });
    return client;
  };

  return {
    capabilities: () => ({
      transcription: { available: transcribeModel !== null, model: transcribeModel },
      tts: { available: ttsModel !== null, model: ttsModel, voice: ttsModel ? env.MOCKLOOP_TTS_VOICE : null },
      maxUploadBytes: env.MOCKLOOP_AUDIO_MAX_BYTES,
      audioStorage: "opt-in",
    }),

    async transcribe(audio) {
      if (!transcribeModel) {
        throw new AppError(
          "feature_unavailable",
          "This server has no transcription model configured (MOCKLOOP_TRANSCRIBE_MODEL). Type your answer instead.",
        );
      }
      const started = performance.now();
      let result: unknown;
      try {
        const file = await toFile(audio.bytes, fileNameFor(audio.mimeType), { type: audio.mimeType });
        result = await api().audio.transcriptions.create({
          file,
          model: transcribeModel,
          response_format: "json",
          ...(env.MOCKLOOP_TRANSCRIBE_LANGUAGE ? { language: env.MOCKLOOP_TRANSCRIBE_LANGUAGE } : {}),
          ...(audio.prompt ? { prompt: audio.prompt.slice(0, MAX_PROMPT_CHARS) } : {}),
        });
      } catch (err) {
        throw upstreamError("transcription", err);
      }
      const text = (result as { text?: unknown } | null)?.text;
      if (typeof text !== "string") {
        throw new AppError(
          "upstream_unavailable",
          "The transcription service replied without a transcript. Nothing was lost; try again or type your answer.",
        );
      }
      return { text: text.trim(), model: transcribeModel, latencyMs: Math.round(performance.now() - started) };
    },

    async synthesize(text) {
      if (!ttsModel) {
        throw new AppError(
          "feature_unavailable",
          "This server has no text-to-speech model configured (MOCKLOOP_TTS_MODEL); the browser reads questions aloud.",
        );
      }
      const started = performance.now();
      try {
        const res = await api().audio.speech.create({
          model: ttsModel,
          voice: env.MOCKLOOP_TTS_VOICE,
          input: text,
          response_format: "mp3",
        });
        const bytes = new Uint8Array(await res.arrayBuffer());
        if (bytes.length === 0) throw new Error("it returned no audio");
        const mimeType = res.headers.get("content-type")?.split(";")[0] || "audio/mpeg";
        if (!mimeType.startsWith("audio/")) throw new Error(`it returned ${mimeType} instead of audio`);
        return { bytes, mimeType, model: ttsModel, latencyMs: Math.round(performance.now() - started) };
      } catch (err) {
        throw upstreamError("text-to-speech", err);
      }
    },
  };
}
