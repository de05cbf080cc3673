import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { isDatabaseUnavailable } from "../db/errors.ts";
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

export type CallStart = Pick<LlmCallRecord, "purpose" | "model" | "promptVersion" | "sessionId" | "gradeId">;

/**
 * Stores one row per model call attempt, failed ones included. The row is written before the
 * request goes out and completed when it returns, so a process that dies mid-call leaves a row.
 */
export interface CallRecorder {
  start(call: CallStart): Promise<{ complete(call: LlmCallRecord): Promise<void> }>;
}

export const discardCalls: CallRecorder = { start: async () => ({ complete: async () => {} }) };

const COMPLETE_PATIENCE_MS = 60_000;
const INCOMPLETE = "no outcome recorded: the process stopped or lost its database during the call";

export function dbCallRecorder(db: Db, prices: Prices, logger: Logger): CallRecorder {
  // Accounting must never break grading or the interview: a failed write is logged, nothing more.
  const warn = (err: unknown, purpose: string) =>
    logger.warn("could not record a model call", { error: (err as Error).message, purpose });
  const outcome = (call: LlmCallRecord) => ({
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    latencyMs: Math.round(call.latencyMs),
    ok: call.ok,
    error: call.error ?? null,
    costUsd: prices.costOf(call.model, call.inputTokens, call.outputTokens),
    completedAt: new Date(),
  });
  return {
    async start(call) {
      let id: string | undefined;
      try {
        const [row] = await db
          .insert(llmCalls)
          .values({
            sessionId: call.sessionId ?? null,
            gradeId: call.gradeId ?? null,
            purpose: call.purpose,
            model: call.model,
            promptVersion: call.promptVersion,
            latencyMs: 0,
            ok: false,
            error: INCOMPLETE,
          })
          .returning({ id: llmCalls.id });
        id = row?.id;
      } catch (err) {
        // No call goes out unrecorded while the database is away; the caller retries later.
        if (isDatabaseUnavailable(err)) throw err;
        warn(err, call.purpose);
      }
      const write = (done: LlmCallRecord) =>
        id
          ? db.update(llmCalls).set(outcome(done)).where(eq(llmCalls.id, id))
          : db.insert(llmCalls).values({
              sessionId: done.sessionId ?? null,
              gradeId: done.gradeId ?? null,
              purpose: done.purpose,
              model: done.model,
              promptVersion: done.promptVersion,
              ...outcome(done),
            });
      return {
        async complete(done) {
          // The call happened: keep trying through a short outage so that its tokens are not lost.
          for (let wait = 250, waited = 0; ; waited += wait, wait = Math.min(wait * 2, 5000)) {
            try {
              await write(done);
              return;
            } catch (err) {
              if (!isDatabaseUnavailable(err) || waited > COMPLETE_PATIENCE_MS) return warn(err, done.purpose);
              await new Promise((r) => setTimeout(r, wait));
            }
          }
        },
      };
    },
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

/** Tokens, latency and estimated cost of every model call made for a session, in one query. */
export async function sessionUsage(db: Db, sessionId: string): Promise<SessionUsage> {
  const groups = await db
    .select({
      purpose: llmCalls.purpose,
      questionIndex: grades.questionIndex,
      model: llmCalls.model,
      unpriced: sql<boolean>`(${llmCalls.costUsd} is null)`,
      ...totalsColumns,
    })
    .from(llmCalls)
    .leftJoin(grades, eq(grades.id, llmCalls.gradeId))
    .where(eq(llmCalls.sessionId, sessionId))
    .groupBy(llmCalls.purpose, grades.questionIndex, llmCalls.model, sql`(${llmCalls.costUsd} is null)`);
  const sumBy = <K extends string | number>(key: (g: (typeof groups)[number]) => K | null) => {
    const by = new Map<K, UsageTotals[]>();
    for (const g of groups) {
      const k = key(g);
      if (k !== null) by.set(k, [...(by.get(k) ?? []), g]);
    }
    return [...by.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, rows]) => [k, totals(rows)] as const);
  };
  return {
    ...totals(groups),
    unpricedModels: [...new Set(groups.filter((g) => g.unpriced).map((g) => g.model))].sort(),
    byPurpose: sumBy((g) => g.purpose).map(([purpose, t]) => ({ purpose, ...t })),
    byGrade: sumBy((g) => g.questionIndex).map(([questionIndex, t]) => ({ questionIndex, ...t })),
  };
}
