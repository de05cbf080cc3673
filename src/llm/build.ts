import type { Env } from "../config/env.ts";
import type { Content } from "../content/load.ts";
import type { Db } from "../db/client.ts";
import { LlmGrader } from "../grading/llm/grader.ts";
import { LlmSessionSummarizer } from "../grading/llm/summary.ts";
import { OfflineGrader } from "../grading/offline/grader.ts";
import { LlmInterviewer } from "../interview/llm-interviewer.ts";
import type { Logger } from "../log.ts";
import type { ServiceOverrides } from "../services.ts";
import { type CallRecorder, dbCallRecorder } from "./accounting.ts";
import { LlmClient } from "./client.ts";
import { modelHealthProbe } from "./health.ts";
import { llmSettingsFrom } from "./settings.ts";

export interface LlmServices {
  client: LlmClient;
  grader: LlmGrader;
  interviewer: LlmInterviewer;
  overrides: ServiceOverrides;
}

/**
 * Builds the model-backed grader and interviewer when the environment configures a model, or
 * returns null so that the app stays fully offline. Calls are recorded in llm_calls.
 */
export function buildLlmServices(
  env: Env,
  deps: { db: Db; content: Content; logger: Logger; recorder?: CallRecorder },
): LlmServices | null {
  const settings = llmSettingsFrom(env);
  if (!settings) return null;
  const client = new LlmClient(settings, deps.recorder ?? dbCallRecorder(deps.db, settings.prices, deps.logger));
  const offline = OfflineGrader.forContent(deps.content);
  const grader = new LlmGrader({ client, offline });
  const interviewer = new LlmInterviewer(client);
  return {
    client,
    grader,
    interviewer,
    overrides: {
      grader,
      interviewer,
      // undefined lets the services fall back to their offline grader; null leaves the grade ungraded.
      fallbackGrader: settings.failureMode === "ungraded" ? null : undefined,
      gradingConcurrency: settings.concurrency,
      modelHealth: modelHealthProbe(settings),
      summarizer: env.LLM_SESSION_SUMMARY ? new LlmSessionSummarizer(client) : undefined,
    },
  };
}
