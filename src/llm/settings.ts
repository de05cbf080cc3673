import type { Env } from "../config/env.ts";
import { Prices } from "./prices.ts";

export type StructuredOutputMethod = "json_schema" | "function_calling";

export interface LlmSettings {
  apiKey: string;
  /** undefined means the OpenAI API itself. */
  baseURL: string | undefined;
  graderModel: string;
  interviewerModel: string;
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  retryBaseMs: number;
  /** Longest wait between attempts; a Retry-After beyond it ends the call instead. */
  maxRetryWaitMs: number;
  /** Background lane (grading, debriefs): requests in flight at once. */
  concurrency: number;
  /** The interviewer's own lane, so grading never holds a slot a follow-up needs. */
  interviewerConcurrency: number;
  /** A streamed follow-up's first token must come within this, and no later gap may be longer. */
  interviewerFirstTokenMs: number;
  structuredOutput: StructuredOutputMethod;
  failureMode: "offline" | "ungraded";
  prices: Prices;
}

/** Servers like Ollama or llama.cpp accept any key; the OpenAI client insists on one. */
export const PLACEHOLDER_API_KEY = "no-key-needed";

/** The LLM is on when a key or a base URL is configured; otherwise null and everything stays offline. */
export function llmSettingsFrom(env: Env): LlmSettings | null {
  if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) return null;
  return {
    apiKey: env.OPENAI_API_KEY ?? PLACEHOLDER_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    graderModel: env.MOCKLOOP_GRADER_MODEL,
    interviewerModel: env.MOCKLOOP_INTERVIEWER_MODEL ?? env.MOCKLOOP_GRADER_MODEL,
    timeoutMs: env.LLM_TIMEOUT_MS,
    maxRetries: env.LLM_MAX_RETRIES,
    retryBaseMs: env.LLM_RETRY_BASE_MS,
    maxRetryWaitMs: Math.max(30_000, env.LLM_RETRY_BASE_MS * 8),
    concurrency: env.LLM_CONCURRENCY,
    interviewerConcurrency: env.LLM_INTERVIEWER_CONCURRENCY,
    interviewerFirstTokenMs: env.LLM_INTERVIEWER_FIRST_TOKEN_MS,
    structuredOutput: env.LLM_STRUCTURED_OUTPUT,
    failureMode: env.GRADING_FAILURE_MODE,
    prices: new Prices(env.LLM_PRICES),
  };
}
