import { z } from "@hono/zod-openapi";
import { countCharacters, MAX_ANSWER_CHARS, MAX_JOB_DESCRIPTION_CHARS } from "./text-length.ts";

export { MAX_ANSWER_CHARS, MAX_JOB_DESCRIPTION_CHARS };

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. PostgreSQL refuses NUL outright. */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;
/** In u-mode a surrogate range matches only unpaired halves: text that is not valid UTF-16. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** White space and invisible format characters (zero-width space and joiners, BOM, soft hyphen, bidi marks). */
const INVISIBLE = /[\s\p{Cf}]/gu;

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Text a candidate writes: visible characters required, no control characters and no broken
 * UTF-16, each refused with a message saying what and where.
 */
export const candidateText = (max: number, emptyMessage: string) =>
  z
    .string()
    .openapi({ maxLength: max, description: `At most ${max} characters (Unicode code points).` })
    .superRefine((s, ctx) => {
      const control = CONTROL.exec(s);
      const length = countCharacters(s);
      if (length > max) {
        ctx.addIssue({ code: "custom", message: `must be at most ${max} characters (it has ${length})` });
      } else if (control) {
        ctx.addIssue({
          code: "custom",
          message: `must not contain control characters (found ${codePoint(control[0])} at character ${control.index + 1})`,
        });
      } else if (LONE_SURROGATE.test(s)) {
        ctx.addIssue({ code: "custom", message: "must be valid Unicode text (it contains a lone surrogate)" });
      } else if (s.replace(INVISIBLE, "").length === 0) {
        ctx.addIssue({
          code: "custom",
          message:
            s.length === 0 || s.trim().length === 0
              ? emptyMessage
              : `${emptyMessage} (it has only invisible characters)`,
        });
      }
    });
export const MAX_BODY_BYTES = 256 * 1024;

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    field: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
    retryAfterSeconds: z.number().int().optional(),
  })
  .openapi("Problem");

export const IdParam = z.object({
  id: z.uuid({ message: "must be a session id (UUID)" }).openapi({ param: { name: "id", in: "path" } }),
});

export const CandidateCreated = z
  .object({
    candidateId: z.uuid(),
    token: z.string().openapi({ description: "Bearer token; shown once. Send as Authorization: Bearer <token>." }),
  })
  .openapi("CandidateCreated");

export const Difficulty = z.enum(["easy", "medium", "hard", "mixed"]);
export const Mode = z.enum(["typed", "spoken"]);

export const CreateSessionBody = z
  .strictObject({
    role: z.string().min(1).default("ml-engineer"),
    preset: z
      .string()
      .min(1)
      .optional()
      .openapi({ description: "A preset id from GET /api/roles; sets rounds and length." }),
    rounds: z.array(z.string().min(1)).min(1).max(10).optional(),
    questionCount: z.number().int().min(1).max(20).optional(),
    difficulty: Difficulty.default("mixed"),
    mode: Mode.default("typed"),
    maxFollowups: z.number().int().min(0).max(5).optional(),
    questionIds: z
      .array(z.string().min(1))
      .min(1)
      .max(20)
      .superRefine((ids, ctx) => {
        const seen = new Map<string, number>();
        ids.forEach((id, i) => {
          const first = seen.get(id);
          if (first === undefined) seen.set(id, i);
          else ctx.addIssue({ code: "custom", path: [i], message: `repeats "${id}" (already at [${first}])` });
        });
      })
      .optional()
      .openapi({ description: "Ask exactly these bank questions, in order (for retrying a question)." }),
    jobDescription: candidateText(MAX_JOB_DESCRIPTION_CHARS, "must not be empty; leave it out for an untailored plan")
      .optional()
      .openapi({
        description:
          "A pasted job description: the plan prefers questions whose patterns, key points, competencies and rounds it stresses, and says why for each.",
      }),
    planSeed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional()
      .openapi({
        description:
          "Draws the plan that POST /api/sessions/preview showed for the same seed (while no other session starts in between).",
      }),
  })
  .openapi("CreateSession", {
    // Executable as is from /docs: one real bank question, at most one follow-up.
    example: { questionIds: ["overfitting"], maxFollowups: 1 },
  });

export const Prompt = z
  .object({
    turnId: z.uuid(),
    seq: z.number().int(),
    kind: z.enum(["question", "followup"]),
    questionIndex: z.number().int(),
    questionCount: z.number().int(),
    questionId: z.string(),
    round: z.string(),
    roundTitle: z.string(),
    type: z.string(),
    difficulty: z.string(),
    text: z.string(),
    timeGuidelineMinutes: z.number(),
    followupsAsked: z.number().int(),
    targetKeyPointId: z.string().nullable(),
    interviewer: z.string(),
  })
  .openapi("Prompt");

export const DeliveryInsights = z
  .object({
    method: z.string().openapi({ description: "Which version of the delivery analysis produced this." }),
    words: z.number().int(),
    durationMs: z.number().int().nullable(),
    wordsPerMinute: z.number().nullable(),
    pace: z.enum(["slow", "steady", "fast", "unknown"]),
    paceRange: z.object({ min: z.number(), max: z.number() }),
    fillers: z.array(z.object({ word: z.string(), count: z.number().int() })),
    fillerCount: z.number().int(),
    fillersPer100Words: z.number(),
    guidelineMinutes: z.number(),
    spokenMinutes: z.number().nullable(),
    length: z.enum(["short", "within", "long", "unknown"]),
    notes: z.array(z.string()),
  })
  .openapi("DeliveryInsights", { description: "Pace, filler words and length of a spoken answer." });

export const TranscriptTurn = z.object({
  turnId: z.uuid(),
  seq: z.number().int(),
  kind: z.enum(["question", "followup"]),
  questionIndex: z.number().int(),
  questionId: z.string(),
  prompt: z.string(),
  status: z.enum(["open", "answered", "skipped"]),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answerMode: Mode.nullable(),
  answerDurationMs: z.number().int().nullable(),
  delivery: DeliveryInsights.nullable().openapi({ description: "Only for spoken answers." }),
});

export const PlannedQuestion = z
  .object({
    questionIndex: z.number().int(),
    questionId: z.string(),
    round: z.string(),
    roundTitle: z.string(),
    type: z.string(),
    difficulty: z.string(),
    timeGuidelineMinutes: z.number(),
    reason: z
      .string()
      .nullable()
      .openapi({ description: "Why the job description chose this question, quoting it; null when it did not." }),
  })
  .openapi("PlannedQuestion");

export const PlanPreview = z
  .object({
    planSeed: z.number().int().openapi({ description: "Send it with POST /api/sessions to be asked this plan." }),
    tailored: z.boolean().openapi({ description: "True when a job description shaped the plan." }),
    guidelineMinutes: z
      .number()
      .openapi({ description: "The sum of the planned questions' guideline minutes, before follow-ups." }),
    questions: z.array(PlannedQuestion),
  })
  .openapi("PlanPreview");

export const SessionView = z
  .object({
    id: z.uuid(),
    role: z.string(),
    presetId: z.string().nullable(),
    rounds: z.array(z.string()),
    difficulty: Difficulty,
    mode: Mode,
    maxFollowups: z.number().int(),
    status: z.enum(["active", "completed", "ended"]),
    questionCount: z.number().int(),
    createdAt: z.string(),
    endedAt: z.string().nullable(),
    current: Prompt.nullable(),
    transcript: z.array(TranscriptTurn),
    tailored: z.boolean().openapi({ description: "True when a job description shaped the plan." }),
    plan: z.array(PlannedQuestion),
  })
  .openapi("Session");

export const SubmitAnswerBody = z
  .strictObject({
    turnId: z.uuid({ message: "must be the turnId of the current prompt" }),
    text: candidateText(MAX_ANSWER_CHARS, "must not be empty; use the skip endpoint to skip"),
    mode: Mode.optional(),
    durationMs: z.number().int().min(0).max(3_600_000).optional(),
  })
  .openapi("SubmitAnswer");

export const TurnRef = z.strictObject({ turnId: z.uuid({ message: "must be the turnId of the current prompt" }) });

export const Decision = z.object({
  action: z.enum(["follow-up", "move-on", "skip", "end"]),
  reason: z.string(),
  interviewer: z.string(),
});

export const AnswerAccepted = z
  .object({
    answeredTurnId: z.uuid(),
    decision: Decision,
    next: Prompt.nullable(),
    sessionStatus: z.enum(["active", "completed", "ended"]),
    replayed: z.boolean(),
  })
  .openapi("AnswerAccepted");

export const Evidence = z.object({ quote: z.string(), turnId: z.string() });

export const GradeView = z
  .object({
    status: z.enum(["pending", "running", "graded", "ungraded"]),
    grader: z.string().nullable(),
    graderVersion: z.string().nullable(),
    model: z.string().nullable(),
    promptVersion: z.string().nullable(),
    rubricVersion: z.number().int(),
    reason: z.string().nullable(),
    gradedAt: z.string().nullable(),
    competencies: z.array(
      z.object({
        competencyId: z.string(),
        name: z.string(),
        level: z.number().int().nullable(),
        evidence: z.array(Evidence),
        rationale: z.string(),
      }),
    ),
    keyPoints: z.array(
      z.object({
        keyPointId: z.string(),
        text: z.string(),
        status: z.enum(["covered", "partial", "missed"]),
        evidence: z.array(Evidence),
        drawnOutByTurnId: z.string().nullable(),
      }),
    ),
    strengths: z.array(z.string()),
    improvements: z.array(z.string()),
    weakSignals: z
      .array(z.object({ competencyId: z.string(), signal: z.string(), quote: z.string(), turnId: z.string() }))
      .openapi({ description: "The rubric's weak signals found in the answer, each with the sentence that shows it." }),
    summary: z.string().nullable(),
    notice: z.string().nullable(),
  })
  .openapi("Grade");

export const CompetencySummary = z.object({
  competencyId: z.string(),
  name: z.string(),
  mean: z.number().nullable(),
  levels: z.array(z.number().int()),
  answersScored: z.number().int(),
});

export const ScorecardSummary = z
  .object({
    state: z.enum(["pending", "ready"]),
    competencies: z.array(CompetencySummary),
    overall: z.number().nullable(),
    recommendation: z.enum(["strong-hire", "hire", "lean-hire", "lean-no-hire", "no-hire", "insufficient-evidence"]),
    recommendationLabel: z.string(),
    thresholds: z
      .array(
        z.object({
          min: z.number(),
          recommendation: z.enum(["strong-hire", "hire", "lean-hire", "lean-no-hire", "no-hire"]),
          label: z.string(),
        }),
      )
      .openapi({
        description: "The published bands, highest first: an overall of at least min gives that recommendation.",
      }),
    derivation: z.array(z.string()),
    counts: z.object({
      questions: z.number().int(),
      graded: z.number().int(),
      pending: z.number().int(),
      ungraded: z.number().int(),
      skipped: z.number().int(),
    }),
  })
  .openapi("ScorecardSummary");

export const AnswerFeedback = z.object({
  questionIndex: z.number().int(),
  questionId: z.string(),
  questionText: z.string(),
  round: z.string(),
  type: z.string().openapi({ description: "The question's type (technical, scenario, behavioural, coding)." }),
  timeGuidelineMinutes: z.number(),
  turns: z.array(TranscriptTurn),
  grade: GradeView.nullable(),
  modelAnswer: z.string().nullable().openapi({ description: "Shown only once the session is over." }),
  commonMistakes: z.array(z.string()).nullable(),
});

const UsageTotals = {
  calls: z.number().int(),
  failedCalls: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  latencyMs: z.number().int(),
  estimatedCostUsd: z
    .number()
    .nullable()
    .openapi({ description: "From the price table; null when no model used has a price." }),
};

export const ModelUsage = z
  .object({
    ...UsageTotals,
    unpricedModels: z.array(z.string()).openapi({ description: "Models without a price, left out of the estimate." }),
    byPurpose: z.array(z.object({ purpose: z.string(), ...UsageTotals })),
    byGrade: z.array(z.object({ questionIndex: z.number().int(), ...UsageTotals })),
  })
  .openapi("ModelUsage", {
    description:
      "Language-model calls made for this session (failed attempts included); zero when everything ran offline.",
  });

export const Scorecard = z
  .object({
    session: SessionView.omit({ current: true, transcript: true, tailored: true, plan: true }),
    scorecard: ScorecardSummary,
    answers: z.array(AnswerFeedback),
    rubric: z.object({ id: z.string(), version: z.number().int() }),
    usage: ModelUsage,
    summary: z
      .object({
        overview: z.string(),
        focusAreas: z.array(z.object({ area: z.string(), practice: z.string() })),
        model: z.string(),
        promptVersion: z.string(),
        createdAt: z.string(),
      })
      .nullable()
      .openapi({ description: "The model-written debrief, once every answer is graded; null offline." }),
    summaryPending: z
      .boolean()
      .openapi({ description: "True while a debrief is expected shortly: poll again to receive it." }),
  })
  .openapi("Scorecard");

export const HistoryItem = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  status: z.enum(["active", "completed", "ended"]),
  role: z.string(),
  presetId: z.string().nullable(),
  rounds: z.array(z.string()),
  mode: Mode,
  questionCount: z.number().int(),
  scorecard: ScorecardSummary,
});

export const History = z
  .object({
    sessions: z.array(HistoryItem),
    total: z.number().int().openapi({ description: "All of the candidate's sessions, not just this page." }),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: "Pass as `cursor` for the next (older) page; null on the last page." }),
  })
  .openapi("History");

export const HistoryQuery = z.object({
  limit: z.coerce
    .number({ message: "must be a whole number from 1 to 100" })
    .int({ message: "must be a whole number from 1 to 100" })
    .min(1, { message: "must be a whole number from 1 to 100" })
    .max(100, { message: "must be a whole number from 1 to 100" })
    .default(100)
    .openapi({ param: { name: "limit", in: "query" }, description: "Sessions per page, newest first." }),
  cursor: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "The `nextCursor` of the previous page." }),
});

const KeyPointStatus = z.enum(["covered", "partial", "missed"]);

export const AttemptsParams = z.object({
  questionId: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "must be a question id from GET /api/roles" })
    .max(200)
    .openapi({ param: { name: "questionId", in: "path" } }),
});

export const AttemptsQuery = z.object({
  role: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ param: { name: "role", in: "query" }, description: "The role whose bank holds the question." }),
});

export const QuestionAttempts = z
  .object({
    questionId: z.string(),
    role: z.string(),
    questionText: z.string(),
    attempts: z.array(
      z.object({
        sessionId: z.uuid(),
        questionIndex: z.number().int(),
        startedAt: z.string().openapi({ description: "When the question was put to the candidate." }),
        answeredAt: z.string().nullable(),
        gradeStatus: z.enum(["pending", "running", "graded", "ungraded"]),
        followups: z.number().int().openapi({ description: "Follow-ups answered in this attempt." }),
        time: z
          .object({ ms: z.number().int(), source: z.enum(["answering", "on-question"]) })
          .nullable()
          .openapi({
            description:
              "`answering`: recorded speaking time of every answer; `on-question`: from the question to the last answer.",
          }),
        competencies: z.array(
          z.object({
            competencyId: z.string(),
            name: z.string(),
            level: z.number().int().nullable(),
            change: z.number().int().nullable().openapi({ description: "Level minus the previous graded attempt's." }),
          }),
        ),
        keyPoints: z.array(
          z.object({
            keyPointId: z.string(),
            text: z.string(),
            status: KeyPointStatus,
            previous: KeyPointStatus.nullable(),
            change: z.enum(["first", "newly-covered", "lost", "better", "worse", "same"]),
          }),
        ),
        newlyCovered: z.array(z.string()).openapi({ description: "Key points covered now and not before." }),
        lost: z.array(z.string()).openapi({ description: "Key points covered before and not now." }),
      }),
    ),
  })
  .openapi("QuestionAttempts", {
    description:
      "The candidate's answered attempts at one question, oldest first, each compared with the previous graded attempt.",
  });

export type QuestionAttemptsT = z.infer<typeof QuestionAttempts>;

export const RoleSummary = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  rounds: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      purpose: z.string(),
      defaultMinutes: z.number(),
      questions: z.number(),
    }),
  ),
  presets: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      description: z.string(),
      rounds: z.array(z.string()),
      questionCount: z.number(),
    }),
  ),
  rubric: z.object({
    id: z.string(),
    version: z.number(),
    competencies: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        levels: z.record(z.string(), z.string()),
        strongSignals: z.array(z.string()),
        weakSignals: z.array(z.string()),
      }),
    ),
  }),
});

export const RoleList = z.object({ roles: z.array(RoleSummary) }).openapi("RoleList");

export type PromptT = z.infer<typeof Prompt>;
export type DeliveryInsightsT = z.infer<typeof DeliveryInsights>;
export type TranscriptTurnT = z.infer<typeof TranscriptTurn>;
export type SessionViewT = z.infer<typeof SessionView>;
export type AnswerAcceptedT = z.infer<typeof AnswerAccepted>;
export type ScorecardT = z.infer<typeof Scorecard>;
export type ScorecardSummaryT = z.infer<typeof ScorecardSummary>;
export type GradeViewT = z.infer<typeof GradeView>;
export type HistoryT = z.infer<typeof History>;
export type RoleListT = z.infer<typeof RoleList>;
export type ProblemT = z.infer<typeof ProblemSchema>;
export type CreateSessionBodyT = z.input<typeof CreateSessionBody>;
export type PlanPreviewT = z.infer<typeof PlanPreview>;
export type PlannedQuestionT = z.infer<typeof PlannedQuestion>;

export const MeSummary = z
  .object({
    candidateId: z.uuid(),
    createdAt: z.string(),
    sessions: z.number().int(),
    recordings: z.number().int(),
    recordingBytes: z.number().int(),
    recordingRetentionDays: z.number().int().nullable().openapi({
      description: "Kept recordings are deleted after this many days; null keeps them until you delete them.",
    }),
  })
  .openapi("Me");

export const DeletedCounts = z
  .object({
    deleted: z.object({
      sessions: z.number().int(),
      turns: z.number().int(),
      grades: z.number().int(),
      recordings: z.number().int(),
      modelCalls: z.number().int(),
    }),
  })
  .openapi("Deleted", { description: "What was erased. The rows are gone from the database, recordings included." });

export const DataExport = z
  .looseObject({
    format: z.literal("mockloop-export@1"),
    exportedAt: z.string(),
    candidate: z.object({ id: z.uuid(), createdAt: z.string() }),
    sessions: z.array(
      z.looseObject({
        id: z.uuid(),
        turns: z.array(z.looseObject({ id: z.uuid(), answer: z.string().nullable() })),
        grades: z.array(z.looseObject({ id: z.uuid(), status: z.string() })),
        recordings: z.array(
          z.looseObject({
            id: z.uuid(),
            url: z.string().openapi({ description: "Plays the recording with the same bearer token." }),
          }),
        ),
        modelCalls: z.array(z.looseObject({ purpose: z.string(), model: z.string() })),
      }),
    ),
  })
  .openapi("DataExport", {
    description:
      "Everything stored for this candidate: sessions, prompts, answers, grades with their evidence, delivery insights, recording metadata and model-call records.",
  });

export type MeSummaryT = z.infer<typeof MeSummary>;
export type DeletedCountsT = z.infer<typeof DeletedCounts>;
export type DataExportT = z.infer<typeof DataExport>;
