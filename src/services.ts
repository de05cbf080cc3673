import type { Env } from "./config/env.ts";
import type { Content } from "./content/load.ts";
import type { Database } from "./db/client.ts";
import { LlmGrader } from "./grading/llm/grader.ts";
import { LlmSessionSummarizer } from "./grading/llm/summary.ts";
import { OfflineGrader } from "./grading/offline/grader.ts";
import { debriefJobHandler, type SessionSummarizer } from "./grading/session-summary.ts";
import type { Grader } from "./grading/types.ts";
import { gradeJobHandler } from "./grading/worker.ts";
import { type Interviewer, OfflineInterviewer } from "./interview/interviewer.ts";
import { LlmInterviewer } from "./interview/llm-interviewer.ts";
import { type InterviewDeps, InterviewService } from "./interview/service.ts";
import { type CallRecorder, dbCallRecorder, sessionUsage } from "./llm/accounting.ts";
import { LlmClient } from "./llm/client.ts";
import { modelHealthProbe } from "./llm/health.ts";
import { type LlmSettings, llmSettingsFrom } from "./llm/settings.ts";
import type { Logger } from "./log.ts";
import { queueSettings } from "./queue/contract.ts";
import { JobRunner } from "./queue/runner.ts";
import { enqueueDebriefIfDue } from "./queue/store.ts";
import { deliveryInsights } from "./speech/delivery.ts";
import { createSpeechService, type SpeechService } from "./speech/service.ts";

export interface HealthReport {
  status: "ok" | "degraded";
  database: { driver: string; ok: boolean };
  grader: { id: string; version: string; model: string | null; promptVersion: string | null; mode: string };
  interviewer: { id: string; version: string; model: string | null };
  model?: { configured: boolean; reachable: boolean | null; detail?: string };
}

/** The model-backed parts, present when the environment configures a model. */
export interface ModelServices {
  client: LlmClient;
  grader: LlmGrader;
  interviewer: LlmInterviewer;
}

/** Everything a request handler may use, built once and injected through the Hono context. */
export interface Services {
  env: Env;
  database: Database;
  content: Content;
  logger: Logger;
  offlineGrader: OfflineGrader;
  grader: Grader;
  interviewer: Interviewer;
  /** null when no model is configured: everything runs offline. */
  model: ModelServices | null;
  /** The job queue worker (grades and debriefs); started only in the all and worker roles. */
  grading: JobRunner;
  interview: InterviewService;
  /** Whether finished sessions get a model-written debrief. */
  summaryEnabled: boolean;
  /** Extra health facts (for example whether the model endpoint answers). */
  modelHealth?: () => Promise<HealthReport["model"]>;
  /** Server transcription and text-to-speech through an OpenAI-compatible endpoint, when configured. */
  speech: SpeechService;
}

export interface ServiceOverrides {
  grader?: Grader;
  interviewer?: Interviewer;
  /** null: a failed primary grade is left ungraded; default: the offline grader steps in. */
  fallbackGrader?: Grader | null;
  gradingConcurrency?: number;
  modelHealth?: Services["modelHealth"];
  delivery?: InterviewDeps["delivery"];
  speech?: SpeechService;
  /** Writes the end-of-session debrief (model-backed; absent offline). */
  summarizer?: SessionSummarizer;
  /** Where model calls are recorded; the llm_calls table unless given. */
  recorder?: CallRecorder;
}

/**
 * The one composition root: the server, the worker role, tests and benches all build their
 * services here, from the environment; overrides are the seams tests use. With a model configured
 * (OPENAI_API_KEY or OPENAI_BASE_URL) the grader, interviewer and debrief use it, and the offline
 * grader and interviewer step in when it fails.
 */

/** The model client and the grader and interviewer on it; the eval CLI builds its model grader here too. */
export function buildModelServices(
  settings: LlmSettings,
  recorder: CallRecorder,
  offline: OfflineGrader,
): ModelServices {
  const client = new LlmClient(settings, recorder);
  return { client, grader: new LlmGrader({ client, offline }), interviewer: new LlmInterviewer(client) };
}

export function buildServices(
  env: Env,
  database: Database,
  content: Content,
  logger: Logger,
  overrides: ServiceOverrides = {},
): Services {
  const offlineGrader = OfflineGrader.forContent(content);
  const settings = llmSettingsFrom(env);
  const model = settings
    ? buildModelServices(
        settings,
        overrides.recorder ?? dbCallRecorder(database.db, settings.prices, logger),
        offlineGrader,
      )
    : null;
  const grader = overrides.grader ?? model?.grader ?? offlineGrader;
  const fallbackInterviewer = new OfflineInterviewer(offlineGrader);
  const interviewer = overrides.interviewer ?? model?.interviewer ?? fallbackInterviewer;
  const summarizer =
    overrides.summarizer ?? (model && env.LLM_SESSION_SUMMARY ? new LlmSessionSummarizer(model.client) : undefined);
  // A failed model grade becomes an offline grade, or stays ungraded when so configured.
  const fallback =
    overrides.fallbackGrader !== undefined
      ? overrides.fallbackGrader
      : grader === offlineGrader || settings?.failureMode === "ungraded"
        ? null
        : offlineGrader;
  const grading = new JobRunner({
    db: database.db,
    driver: database.driver,
    listen: database.listen,
    logger,
    ...queueSettings(env, overrides.gradingConcurrency ?? settings?.concurrency),
    handlers: {
      grade: gradeJobHandler({ content, grader, fallback, logger, debriefs: summarizer !== undefined }),
      // Without a summarizer a debrief job (queued by an instance configured otherwise) is closed unwritten.
      debrief: summarizer
        ? debriefJobHandler(content, summarizer)
        : { run: (_job, ctx) => ctx.settle(async () => {}), giveUp: async () => {} },
    },
  });
  const queueDebrief = summarizer
    ? (sessionId: string) => {
        database.db
          .transaction((tx) => enqueueDebriefIfDue(tx as unknown as Database["db"], sessionId))
          .catch((err) => logger.warn("could not queue the session debrief", { sessionId, error: String(err) }));
      }
    : undefined;
  const interview = new InterviewService({
    db: database.db,
    content,
    interviewer,
    fallbackInterviewer,
    interviewerDeadlineMs: env.LLM_INTERVIEWER_DEADLINE_MS,
    onGradesQueued: () => grading.kick(),
    onSessionEnded: queueDebrief,
    delivery: overrides.delivery ?? deliveryInsights,
    usage: sessionUsage,
    logger,
    maxFollowups: env.MAX_FOLLOWUPS,
    recentQuestionsAvoided: env.RECENT_QUESTIONS_AVOIDED,
  });
  return {
    env,
    database,
    content,
    logger,
    offlineGrader,
    grader,
    interviewer,
    model,
    grading,
    interview,
    modelHealth: overrides.modelHealth ?? (settings ? modelHealthProbe(settings) : undefined),
    summaryEnabled: summarizer !== undefined,
    speech: overrides.speech ?? createSpeechService(env),
  };
}
