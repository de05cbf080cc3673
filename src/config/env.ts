import { z } from "zod";
import { LimitSetting } from "../limits/window.ts";
import { PriceTableJson } from "./price-table.ts";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./.data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  CONTENT_DIR: z.string().min(1).optional(),
  /** Follow-ups the interviewer may ask per bank question. */
  MAX_FOLLOWUPS: z.coerce.number().int().min(0).max(5).default(2),
  /** How many of a candidate's most recent questions selection tries to avoid. */
  RECENT_QUESTIONS_AVOIDED: z.coerce.number().int().min(0).max(500).default(30),
  SERVE_WEB: bool.default(true),
  /** all: web and grading worker in one process; web: API only; worker: grading only (PostgreSQL). */
  MOCKLOOP_ROLE: z.enum(["all", "web", "worker"]).default("all"),
  /** Names this process in job leases; set it to a stable value to take back its own jobs on restart. */
  MOCKLOOP_INSTANCE_ID: z.string().min(1).max(200).optional(),
  /** How long a claimed job stays with its worker without a renewal; renewed every third of it. */
  QUEUE_LEASE_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
  /** Tries per job before a grade is stored as ungraded with the reason. */
  QUEUE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** First wait before a failed job is retried; it doubles per attempt (at most five minutes). */
  QUEUE_RETRY_BASE_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
  /** How often a worker looks for due jobs without being woken. */
  QUEUE_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** On SIGTERM: how long requests and grades in flight may take to finish. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  /** On SIGTERM: how long /readyz reports 503 before the listener closes, for load balancers to notice. */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  OPENAI_BASE_URL: z.url({ message: "must be a URL such as http://localhost:11434/v1" }).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Speech settings (src/speech). The speech endpoint defaults to OPENAI_BASE_URL / OPENAI_API_KEY. */
  MOCKLOOP_SPEECH_BASE_URL: z.url({ message: "must be a URL such as http://localhost:8000/v1" }).optional(),
  MOCKLOOP_SPEECH_API_KEY: z.string().min(1).optional(),
  /** Model for /v1/audio/transcriptions (e.g. whisper-1); unset means no server transcription. */
  MOCKLOOP_TRANSCRIBE_MODEL: z.string().min(1).optional(),
  MOCKLOOP_TRANSCRIBE_LANGUAGE: z.string().min(2).max(10).optional(),
  /** Model for /v1/audio/speech (e.g. tts-1); unset means the browser reads questions aloud. */
  MOCKLOOP_TTS_MODEL: z.string().min(1).optional(),
  MOCKLOOP_TTS_VOICE: z.string().min(1).default("alloy"),
  MOCKLOOP_AUDIO_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  MOCKLOOP_SPEECH_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /** LLM interviewing and grading are on when OPENAI_API_KEY or OPENAI_BASE_URL is set (see src/llm). */
  MOCKLOOP_GRADER_MODEL: z.string().min(1).default("gpt-4o-mini"),
  /** Defaults to the grader model. */
  MOCKLOOP_INTERVIEWER_MODEL: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /** Retries after the first attempt, for timeouts, 429, 5xx, refusals and malformed output. */
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** First backoff step; it doubles per retry unless the server sends Retry-After. */
  LLM_RETRY_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  LLM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * How long the model interviewer may take to decide on a follow-up, retries included; past it the
   * offline interviewer decides at once and the reason is kept on the turn.
   */
  LLM_INTERVIEWER_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(6000),
  /** A streamed follow-up must start (and keep streaming) within this; otherwise the attempt ends. */
  LLM_INTERVIEWER_FIRST_TOKEN_MS: z.coerce.number().int().min(100).max(600_000).default(2500),
  /** Model requests reserved for the interviewer, apart from LLM_CONCURRENCY (grading). */
  LLM_INTERVIEWER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** function_calling for servers whose OpenAI API lacks response_format json_schema. */
  LLM_STRUCTURED_OUTPUT: z.enum(["json_schema", "function_calling"]).default("json_schema"),
  /** What a failed model grade becomes: an offline grade or "ungraded", either way with the reason. */
  GRADING_FAILURE_MODE: z.enum(["offline", "ungraded"]).default("offline"),
  /** Write a model debrief for each finished session (one extra call per session). */
  LLM_SESSION_SUMMARY: bool.default(true),
  /** LangChain/LangSmith tracing variables are removed at start unless this is set (src/privacy/telemetry.ts). */
  MOCKLOOP_ALLOW_TRACING: bool.default(false),
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  MOCKLOOP_TRUST_PROXY: bool.default(false),
  /** Per client address: candidates created. */
  MOCKLOOP_LIMIT_CANDIDATES: LimitSetting.prefault("30/1h"),
  /** Per client address: requests with a missing or unknown token. */
  MOCKLOOP_LIMIT_FAILED_AUTH: LimitSetting.prefault("30/10m"),
  /** Per token: answers and skips. */
  MOCKLOOP_LIMIT_ANSWERS: LimitSetting.prefault("60/1m"),
  /** Per token: audio uploads (transcriptions and kept clips). */
  MOCKLOOP_LIMIT_AUDIO: LimitSetting.prefault("30/10m"),
  /** Per candidate: audio bytes uploaded. */
  MOCKLOOP_AUDIO_QUOTA: LimitSetting.prefault("200M/24h"),
  /** Kept recordings older than this are deleted; 0 keeps them until the candidate deletes them. */
  MOCKLOOP_RECORDING_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
  /** How often the retention purge runs (it also runs at start). */
  MOCKLOOP_RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  /** JSON {"model": {"input": usdPerMillionTokens, "output": usdPerMillionTokens}}; extends the built-in table. */
  LLM_PRICES: PriceTableJson.optional(),
});

export type Env = z.infer<typeof EnvSchema>;

/** Every variable mockloop reads (for checking .env.example). */
export const ENV_KEYS: readonly string[] = Object.keys(EnvSchema.shape);

export class EnvError extends Error {}

/** Parses the environment once at start; a bad value stops the server with the variable named. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`invalid configuration:\n${lines.join("\n")}`);
  }
  if (result.data.MOCKLOOP_ROLE !== "all" && !result.data.DATABASE_URL) {
    throw new EnvError(
      "invalid configuration:\n  MOCKLOOP_ROLE: web and worker need DATABASE_URL (the embedded database serves one process)",
    );
  }
  return result.data;
}
