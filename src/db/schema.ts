import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { GradeResult, StoredSessionSummary, TurnDecision } from "./records.ts";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const candidates = pgTable("candidates", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** sha256 of the bearer token; the token itself is never stored. */
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => candidates.id, { onDelete: "cascade" }),
    roleId: text("role_id").notNull(),
    presetId: text("preset_id"),
    rounds: jsonb("rounds").$type<string[]>().notNull(),
    difficulty: text("difficulty").$type<"easy" | "medium" | "hard" | "mixed">().notNull(),
    mode: text("mode").$type<"typed" | "spoken">().notNull(),
    maxFollowups: integer("max_followups").notNull(),
    status: text("status").$type<"active" | "completed" | "ended">().notNull().default("active"),
    questionIds: jsonb("question_ids").$type<string[]>().notNull(),
    rubricId: text("rubric_id").notNull(),
    rubricVersion: integer("rubric_version").notNull(),
    contentHash: text("content_hash").notNull(),
    /** The model-written debrief, once every answer is graded (only when a model is configured). */
    summary: jsonb("summary").$type<StoredSessionSummary>(),
    /** The job description the candidate pasted to tailor the plan, if any. */
    jobDescription: text("job_description"),
    /** Per planned question, why the job description chose it (null where it did not). */
    questionReasons: jsonb("question_reasons").$type<(string | null)[]>(),
    createdAt: createdAt(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("sessions_candidate_idx").on(t.candidateId, t.createdAt)],
);

export const turns = pgTable(
  "turns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    questionIndex: integer("question_index").notNull(),
    questionId: text("question_id").notNull(),
    kind: text("kind").$type<"question" | "followup">().notNull(),
    prompt: text("prompt").notNull(),
    targetKeyPointId: text("target_key_point_id"),
    targetCompetencyId: text("target_competency_id"),
    /** Who wrote the prompt: "bank" for bank questions, else the interviewer id and version. */
    interviewer: text("interviewer").notNull(),
    interviewerModel: text("interviewer_model"),
    promptVersion: text("prompt_version"),
    status: text("status").$type<"open" | "answered" | "skipped">().notNull().default("open"),
    answer: text("answer"),
    answerMode: text("answer_mode").$type<"typed" | "spoken">(),
    answerDurationMs: integer("answer_duration_ms"),
    /** Words per minute, fillers and length for spoken answers (see src/speech). */
    delivery: jsonb("delivery").$type<Record<string, unknown>>(),
    idempotencyKey: text("idempotency_key"),
    /** The interviewer's decision after this answer, with its reason (for example a model past its deadline). */
    decision: jsonb("decision").$type<TurnDecision>(),
    answeredAt: timestamp("answered_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("turns_session_seq_uq").on(t.sessionId, t.seq),
    uniqueIndex("turns_session_idem_uq").on(t.sessionId, t.idempotencyKey),
  ],
);

export const grades = pgTable(
  "grades",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    questionIndex: integer("question_index").notNull(),
    questionId: text("question_id").notNull(),
    status: text("status").$type<"pending" | "running" | "graded" | "ungraded">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    grader: text("grader"),
    graderVersion: text("grader_version"),
    model: text("model"),
    promptVersion: text("prompt_version"),
    rubricVersion: integer("rubric_version").notNull(),
    questionVersion: integer("question_version").notNull(),
    result: jsonb("result").$type<GradeResult>(),
    /** Why the grade is ungraded, or why a fallback grader produced it. */
    reason: text("reason"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    gradedAt: timestamp("graded_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("grades_session_question_uq").on(t.sessionId, t.questionIndex),
    index("grades_pending_idx").on(t.status).where(sql`status in ('pending', 'running')`),
  ],
);

/** One row per model call, for token accounting, latency and cost. */
export const llmCalls = pgTable(
  "llm_calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id").references(() => sessions.id, { onDelete: "cascade" }),
    gradeId: uuid("grade_id").references(() => grades.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(),
    model: text("model").notNull(),
    promptVersion: text("prompt_version"),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    latencyMs: integer("latency_ms").notNull(),
    ok: boolean("ok").notNull(),
    error: text("error"),
    costUsd: real("cost_usd"),
    createdAt: createdAt(),
    /** Null while the call is in flight; a row left so by a crash keeps ok = false and says why. */
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("llm_calls_session_idx").on(t.sessionId)],
);

export type JobKind = "grade" | "debrief";

/**
 * The work queue shared by every instance (src/queue/): one row per grade to compute and one per
 * session debrief. A running job belongs to lease_owner until lease_expires_at; the owner renews
 * it, and any instance may take over a job whose lease expired.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<JobKind>().notNull(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    gradeId: uuid("grade_id").references(() => grades.id, { onDelete: "cascade" }),
    status: text("status").$type<"queued" | "running" | "done" | "failed">().notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    runAfter: timestamp("run_after", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, mode: "date" }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("jobs_grade_uq").on(t.gradeId),
    uniqueIndex("jobs_debrief_uq").on(t.sessionId).where(sql`kind = 'debrief'`),
    index("jobs_open_idx").on(t.runAfter).where(sql`status in ('queued', 'running')`),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/** Recorded audio, kept only when the candidate opts in. */
export const audioClips = pgTable("audio_clips", {
  id: uuid("id").primaryKey().defaultRandom(),
  sessionId: uuid("session_id")
    .notNull()
    .references(() => sessions.id, { onDelete: "cascade" }),
  turnId: uuid("turn_id").references(() => turns.id, { onDelete: "cascade" }),
  mimeType: text("mime_type").notNull(),
  bytes: bytea("bytes").notNull(),
  durationMs: integer("duration_ms"),
  createdAt: createdAt(),
});

export const evalRuns = pgTable("eval_runs", {
  id: uuid("id").primaryKey().defaultRandom(),
  label: text("label"),
  grader: text("grader").notNull(),
  graderVersion: text("grader_version").notNull(),
  model: text("model"),
  promptVersion: text("prompt_version"),
  rubricVersion: integer("rubric_version"),
  datasets: jsonb("datasets").$type<string[]>().notNull(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull(),
  metrics: jsonb("metrics").$type<Record<string, unknown>>(),
  thresholds: jsonb("thresholds").$type<Record<string, unknown>>(),
  passed: boolean("passed"),
  itemCount: integer("item_count").notNull().default(0),
  durationMs: integer("duration_ms"),
  createdAt: createdAt(),
});

export const evalItems = pgTable(
  "eval_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => evalRuns.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    dataset: text("dataset").notNull(),
    repeat: integer("repeat").notNull().default(0),
    predicted: jsonb("predicted").$type<Record<string, unknown>>(),
    gold: jsonb("gold").$type<Record<string, unknown>>(),
    score: real("score"),
    goldScore: real("gold_score"),
    cached: boolean("cached").notNull().default(false),
    latencyMs: integer("latency_ms"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("eval_items_run_idx").on(t.runId)],
);
