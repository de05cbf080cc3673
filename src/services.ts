import type { Env } from "./config/env.ts";
import type { Content } from "./content/load.ts";
import type { Database } from "./db/client.ts";
import { OfflineGrader } from "./grading/offline/grader.ts";
import { type SessionSummarizer, summarizeIfComplete } from "./grading/session-summary.ts";
import type { Grader } from "./grading/types.ts";
import { GradingWorker } from "./grading/worker.ts";
import { type Interviewer, OfflineInterviewer } from "./interview/interviewer.ts";
import { type InterviewDeps, InterviewService } from "./interview/service.ts";
import { sessionUsage } from "./llm/accounting.ts";
import type { Logger } from "./log.ts";
import { deliveryForAnswer } from "./speech/delivery.ts";
import { createSpeechService, type SpeechService } from "./speech/service.ts";

export interface HealthReport {
  status: "ok" | "degraded";
  database: { driver: string; ok: boolean };
  grader: { id: string; version: string; model: string | null; promptVersion: string | null; mode: string };
  interviewer: { id: string; version: string; model: string | null };
  model?: { configured: boolean; reachable: boolean | null; detail?: string };
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
  grading: GradingWorker;
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
}

export function buildServices(
  env: Env,
  database: Database,
  content: Content,
  logger: Logger,
  overrides: ServiceOverrides = {},
): Services {
  const offlineGrader = OfflineGrader.forContent(content);
  const grader = overrides.grader ?? offlineGrader;
  const fallbackInterviewer = new OfflineInterviewer(offlineGrader);
  const interviewer = overrides.interviewer ?? fallbackInterviewer;
  const { summarizer } = overrides;
  const summarize = summarizer
    ? (sessionId: string) => summarizeIfComplete(database.db, content, summarizer, sessionId, logger)
    : undefined;
  const grading = new GradingWorker({
    db: database.db,
    content,
    grader,
    fallback:
      overrides.fallbackGrader === undefined
        ? grader === offlineGrader
          ? null
          : offlineGrader
        : overrides.fallbackGrader,
    logger,
    concurrency: overrides.gradingConcurrency,
    afterGrade: summarize,
  });
  const interview = new InterviewService({
    db: database.db,
    content,
    interviewer,
    fallbackInterviewer,
    interviewerDeadlineMs: env.LLM_INTERVIEWER_DEADLINE_MS,
    onGradesQueued: () => grading.kick(),
    onSessionEnded: summarize ? (id) => void summarize(id) : undefined,
    delivery: overrides.delivery ?? deliveryForAnswer,
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
    grading,
    interview,
    modelHealth: overrides.modelHealth,
    summaryEnabled: summarizer !== undefined,
    speech: overrides.speech ?? createSpeechService(env),
  };
}
