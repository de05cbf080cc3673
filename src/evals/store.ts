import { asc, count, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { evalItems, evalRuns } from "../db/schema.ts";
import type { GraderInfo } from "../grading/types.ts";
import type { RubricMetrics, RunMetrics } from "./evaluate.ts";
import type { ItemResult } from "./results.ts";
import type { GateResult } from "./thresholds.ts";

/** A finished run: what was graded, how, every item's result and the metrics. Also the --out-json shape. */
export interface RunRecord {
  id: string | null;
  label: string | null;
  grader: GraderInfo;
  rubricVersion: number | null;
  datasets: string[];
  config: Record<string, unknown>;
  metrics: RunMetrics;
  gate: GateResult;
  itemCount: number;
  durationMs: number;
  createdAt: string;
  items: ItemResult[];
}

type ItemRow = typeof evalItems.$inferInsert;
type StoredItemRow = typeof evalItems.$inferSelect;

function toRow(runId: string, r: ItemResult): ItemRow {
  const common = {
    runId,
    itemId: r.itemId,
    dataset: r.dataset,
    repeat: r.repeat,
    score: r.score,
    goldScore: r.goldScore,
    cached: r.cached,
    latencyMs: r.latencyMs,
    error: r.error,
  };
  if (r.kind === "generic") {
    return { ...common, predicted: r.predicted, gold: { kind: "generic", scale: r.scale, anchor: r.anchor } };
  }
  return {
    ...common,
    predicted: r.predicted as Record<string, unknown> | null,
    gold: {
      kind: "rubric",
      questionId: r.questionId,
      round: r.round,
      quality: r.quality,
      style: r.style,
      split: r.split,
      category: r.category,
      adversarial: r.adversarial,
      labels: r.gold,
    },
  };
}

function fromRow(row: StoredItemRow): ItemResult {
  const g = (row.gold ?? {}) as Record<string, unknown>;
  const common = {
    itemId: row.itemId,
    dataset: row.dataset,
    repeat: row.repeat,
    score: row.score,
    goldScore: row.goldScore,
    cached: row.cached,
    latencyMs: row.latencyMs,
    error: row.error,
  };
  if (g.kind === "generic") {
    return {
      ...common,
      kind: "generic",
      scale: g.scale as { min: number; max: number },
      anchor: g.anchor === true,
      predicted: row.predicted as never,
    };
  }
  return {
    ...common,
    kind: "rubric",
    questionId: g.questionId as string,
    round: g.round as string,
    quality: g.quality as never,
    style: g.style as never,
    split: (g.split ?? null) as never,
    category: (g.category ?? null) as never,
    adversarial: (g.adversarial ?? null) as never,
    predicted: row.predicted as never,
    gold: (g.labels ?? null) as never,
  };
}

const ITEM_BATCH = 500;

/** Stores a run and its items in one transaction and returns the run's id. */
export async function saveRun(db: Db, run: Omit<RunRecord, "id" | "createdAt">): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(evalRuns)
      .values({
        label: run.label,
        grader: run.grader.id,
        graderVersion: run.grader.version,
        model: run.grader.model,
        promptVersion: run.grader.promptVersion,
        rubricVersion: run.rubricVersion,
        datasets: run.datasets,
        config: run.config,
        metrics: run.metrics as unknown as Record<string, unknown>,
        thresholds: run.gate as unknown as Record<string, unknown>,
        passed: run.gate.passed,
        itemCount: run.itemCount,
        durationMs: Math.round(run.durationMs),
      })
      .returning({ id: evalRuns.id });
    const id = (row as { id: string }).id;
    for (let i = 0; i < run.items.length; i += ITEM_BATCH) {
      await tx.insert(evalItems).values(run.items.slice(i, i + ITEM_BATCH).map((r) => toRow(id, r)));
    }
    return id;
  });
}

export type RunSummaryRow = typeof evalRuns.$inferSelect;

export async function listRuns(
  db: Db,
  opts: { limit: number; offset: number; grader?: string },
): Promise<RunSummaryRow[]> {
  const q = db.select().from(evalRuns);
  const filtered = opts.grader ? q.where(eq(evalRuns.grader, opts.grader)) : q;
  return filtered.orderBy(desc(evalRuns.createdAt), desc(evalRuns.id)).limit(opts.limit).offset(opts.offset);
}

export function recordFromRows(run: RunSummaryRow, items: StoredItemRow[]): RunRecord {
  return {
    id: run.id,
    label: run.label,
    grader: { id: run.grader, version: run.graderVersion, model: run.model, promptVersion: run.promptVersion },
    rubricVersion: run.rubricVersion,
    datasets: run.datasets,
    config: run.config,
    metrics: run.metrics as unknown as RunMetrics,
    gate: (run.thresholds ?? { appliedTo: null, passed: run.passed, checks: [] }) as unknown as GateResult,
    itemCount: run.itemCount,
    durationMs: run.durationMs ?? 0,
    createdAt: run.createdAt.toISOString(),
    items: items.map(fromRow),
  };
}

export async function getRun(db: Db, id: string): Promise<RunRecord | undefined> {
  const [run] = await db.select().from(evalRuns).where(eq(evalRuns.id, id));
  if (!run) return undefined;
  const items = await db
    .select()
    .from(evalItems)
    .where(eq(evalItems.runId, id))
    .orderBy(asc(evalItems.dataset), asc(evalItems.itemId), asc(evalItems.repeat));
  return recordFromRows(run, items);
}

/** One page of a run's items, in a stable order, with the total. */
export async function getRunPage(
  db: Db,
  id: string,
  page: { limit: number; offset: number },
): Promise<{ run: RunSummaryRow; items: StoredItemRow[]; total: number } | undefined> {
  const [run] = await db.select().from(evalRuns).where(eq(evalRuns.id, id));
  if (!run) return undefined;
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(evalItems).where(eq(evalItems.runId, id));
  const items =
    page.limit === 0
      ? []
      : await db
          .select()
          .from(evalItems)
          .where(eq(evalItems.runId, id))
          .orderBy(asc(evalItems.dataset), asc(evalItems.itemId), asc(evalItems.repeat))
          .limit(page.limit)
          .offset(page.offset);
  return { run, items, total: Number(total) };
}

export function itemKind(row: StoredItemRow): "rubric" | "generic" {
  return (row.gold as { kind?: string } | null)?.kind === "generic" ? "generic" : "rubric";
}

/**
 * The few numbers a list of runs shows; null where the run did not compute them. They come from
 * the held-out test split when the run has one, else (older runs, sets with no split) from all items.
 */
export function headline(metrics: Record<string, unknown> | null): {
  split: "test" | "all";
  qwk: number | null;
  mae: number | null;
  exact: number | null;
  withinOne: number | null;
  keyPointF1: number | null;
  adversarialPassRate: number | null;
} {
  const all = (metrics ?? {}) as Partial<RunMetrics>;
  const useTest = (all.test?.items ?? 0) > 0;
  const m: Partial<RubricMetrics> = useTest ? (all.test as RubricMetrics) : all;
  return {
    split: useTest ? "test" : "all",
    qwk: m.overall?.qwk ?? null,
    mae: m.overall?.mae ?? null,
    exact: m.overall?.exact ?? null,
    withinOne: m.overall?.withinOne ?? null,
    keyPointF1: m.keyPoints?.f1 ?? null,
    adversarialPassRate: m.adversarial?.passRate ?? null,
  };
}
