import type { Env } from "./config/env.ts";
import type { Content } from "./content/load.ts";
import type { Database } from "./db/client.ts";
import { OfflineGrader } from "./grading/offline/grader.ts";
import { debriefJobHandler, type SessionSummarizer } from "./grading/session-summary.ts";
import type { Grader } from "./grading/types.ts";
import { gradeJobHandler } from "./grading/worker.ts";
import { type Interviewer, OfflineInterviewer } from "./interview/interviewer.ts";
import { type InterviewDeps, InterviewService } from "./interview/service.ts";
import { sessionUsage } from "./llm/accounting.ts";
import type { Logger } from "./log.ts";
import { JobRunner, queueSettings } from "./queue/runner.ts";
import { enqueueDebriefIfDue } from "./queue/store.ts";
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
  const fallback =
    overrides.fallbackGrader === undefined
      ? grader === offlineGrader
        ? null
        : offlineGrader
      : overrides.fallbackGrader;
  const grading = new JobRunner({
    db: database.db,
    driver: database.driver,
    listen: database.listen,
    logger,
    ...queueSettings(env, overrides.gradingConcurrency),
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
