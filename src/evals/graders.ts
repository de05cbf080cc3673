import { parseEnv } from "../config/env.ts";
import type { Content } from "../content/load.ts";
import type { Db } from "../db/client.ts";
import type { LlmGrader } from "../grading/llm/grader.ts";
import { OfflineGrader } from "../grading/offline/grader.ts";
import type { Grader } from "../grading/types.ts";
import { dbCallRecorder, discardCalls } from "../llm/accounting.ts";
import { llmSettingsFrom } from "../llm/settings.ts";
import { createLogger } from "../log.ts";
import { buildModelServices } from "../services.ts";

export const GRADER_NAMES = ["offline", "llm"] as const;
export type GraderName = (typeof GRADER_NAMES)[number];

export class GraderUnavailable extends Error {}

export interface GraderFactoryContext {
  content: Content;
  env: Record<string, string | undefined>;
  /** When given, every model call is recorded in llm_calls (tokens, latency, cost) with no session. */
  db?: Db | null;
  /** The runner's concurrency; the model client must allow at least this many calls at once. */
  concurrency?: number;
}

/** The LLM grader from the composition root, on the same environment settings as the server. */
export function llmGrader(ctx: GraderFactoryContext): LlmGrader {
  const settings = llmSettingsFrom(parseEnv(ctx.env));
  if (!settings) {
    throw new GraderUnavailable(
      "llm grader not configured: set OPENAI_API_KEY and/or OPENAI_BASE_URL (and MOCKLOOP_GRADER_MODEL) to run it.",
    );
  }
  const recorder = ctx.db ? dbCallRecorder(ctx.db, settings.prices, createLogger("warn")) : discardCalls;
  const concurrency = Math.max(settings.concurrency, ctx.concurrency ?? 1);
  return buildModelServices({ ...settings, concurrency }, recorder, OfflineGrader.forContent(ctx.content)).grader;
}

export function buildGrader(name: GraderName, ctx: GraderFactoryContext): Grader {
  return name === "offline" ? OfflineGrader.forContent(ctx.content) : llmGrader(ctx);
}
