import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { grades, llmCalls } from "../db/schema.ts";
import type { Logger } from "../log.ts";
import type { Prices } from "./prices.ts";

export type CallPurpose = "grade" | "grade-reference" | "followup" | "session-summary";

/** Who a call was made for; both are optional because eval runs belong to no session. */
export interface CallContext {
  sessionId?: string | null;
  gradeId?: string | null;
}

export interface LlmCallRecord extends CallContext {
  purpose: CallPurpose;
  model: string;
  promptVersion: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  ok: boolean;
  error?: string | null;
}

/** Stores one row per model call attempt, failed ones included. */
export type CallRecorder = (call: LlmCallRecord) => Promise<void>;

export function dbCallRecorder(db: Db, prices: Prices, logger: Logger): CallRecorder {
  return async (call) => {
    try {
      await db.insert(llmCalls).values({
        sessionId: call.sessionId ?? null,
        gradeId: call.gradeId ?? null,
        purpose: call.purpose,
        model: call.model,
        promptVersion: call.promptVersion,
        inputTokens: call.inputTokens,
        outputTokens: call.outputTokens,
        latencyMs: Math.round(call.latencyMs),
        ok: call.ok,
        error: call.error ?? null,
        costUsd: prices.costOf(call.model, call.inputTokens, call.outputTokens),
      });
    } catch (err) {
      // Accounting must never break grading or the interview; the call itself already happened.
      logger.warn("could not record a model call", { error: (err as Error).message, purpose: call.purpose });
    }
  };
}

export interface UsageTotals {
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  /** Sum over calls whose model has a price; null when no call has one. */
  estimatedCostUsd: number | null;
}

export interface SessionUsage extends UsageTotals {
  unpricedModels: string[];
  byPurpose: (UsageTotals & { purpose: string })[];
  byGrade: (UsageTotals & { questionIndex: number })[];
}

const totalsColumns = {
  calls: sql<number>`count(*)::int`,
  failedCalls: sql<number>`(count(*) filter (where not ${llmCalls.ok}))::int`,
  inputTokens: sql<number>`coalesce(sum(${llmCalls.inputTokens}), 0)::int`,
  outputTokens: sql<number>`coalesce(sum(${llmCalls.outputTokens}), 0)::int`,
  latencyMs: sql<number>`coalesce(sum(${llmCalls.latencyMs}), 0)::int`,
  estimatedCostUsd: sql<number | null>`sum(${llmCalls.costUsd})::float8`,
};

const round6 = (n: number | null) => (n === null ? null : Math.round(n * 1e6) / 1e6);

function totals(rows: UsageTotals[]): UsageTotals {
  const priced = rows.filter((r) => r.estimatedCostUsd !== null);
  return {
    calls: rows.reduce((a, r) => a + r.calls, 0),
    failedCalls: rows.reduce((a, r) => a + r.failedCalls, 0),
    inputTokens: rows.reduce((a, r) => a + r.inputTokens, 0),
    outputTokens: rows.reduce((a, r) => a + r.outputTokens, 0),
    latencyMs: rows.reduce((a, r) => a + r.latencyMs, 0),
    estimatedCostUsd: priced.length === 0 ? null : round6(priced.reduce((a, r) => a + (r.estimatedCostUsd ?? 0), 0)),
  };
}

/** Tokens, latency and estimated cost of every model call made for a session. */
export async function sessionUsage(db: Db, sessionId: string): Promise<SessionUsage> {
  const byPurpose = await db
    .select({ purpose: llmCalls.purpose, ...totalsColumns })
    .from(llmCalls)
    .where(eq(llmCalls.sessionId, sessionId))
    .groupBy(llmCalls.purpose)
    .orderBy(llmCalls.purpose);
  const byGrade = await db
    .select({ questionIndex: grades.questionIndex, ...totalsColumns })
    .from(llmCalls)
    .innerJoin(grades, eq(grades.id, llmCalls.gradeId))
    .where(and(eq(llmCalls.sessionId, sessionId), isNotNull(llmCalls.gradeId)))
    .groupBy(grades.questionIndex)
    .orderBy(grades.questionIndex);
  const unpriced = await db
    .selectDistinct({ model: llmCalls.model })
    .from(llmCalls)
    .where(and(eq(llmCalls.sessionId, sessionId), sql`${llmCalls.costUsd} is null`));
  const clean = <T extends UsageTotals>(r: T): T => ({ ...r, estimatedCostUsd: round6(r.estimatedCostUsd) });
  return {
    ...totals(byPurpose),
    unpricedModels: unpriced.map((u) => u.model).sort(),
    byPurpose: byPurpose.map(clean),
    byGrade: byGrade.map(clean),
  };
}
