import { createRoute } from "@hono/zod-openapi";
import {
  EvalRunDetail,
  EvalRunIdParam,
  EvalRunItemsQuery,
  EvalRunList,
  EvalRunListQuery,
} from "../api/eval-schemas.ts";
import { AppError } from "../errors.ts";
import { getRunPage, headline, itemKind, listRuns, type RunSummaryRow } from "../evals/store.ts";
import { createRouter, problemResponses } from "../http/router.ts";

export const evalRoutes = createRouter();

function summary(run: RunSummaryRow) {
  return {
    id: run.id,
    label: run.label,
    grader: run.grader,
    graderVersion: run.graderVersion,
    model: run.model,
    promptVersion: run.promptVersion,
    rubricVersion: run.rubricVersion,
    datasets: run.datasets,
    passed: run.passed,
    itemCount: run.itemCount,
    durationMs: run.durationMs,
    createdAt: run.createdAt.toISOString(),
    headline: headline(run.metrics),
  };
}

evalRoutes.openapi(
  createRoute({
    method: "get",
    path: "/runs",
    summary: "Grader eval runs, newest first, with headline agreement with the human gold labels",
    request: { query: EvalRunListQuery },
    responses: {
      200: { description: "Runs", content: { "application/json": { schema: EvalRunList } } },
      ...problemResponses,
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const runs = await listRuns(c.get("services").database.db, q);
    return c.json({ runs: runs.map(summary) }, 200);
  },
);

evalRoutes.openapi(
  createRoute({
    method: "get",
    path: "/runs/{id}",
    summary: "One eval run: configuration, every metric, the threshold checks and its per-item results",
    request: { params: EvalRunIdParam, query: EvalRunItemsQuery },
    responses: {
      200: { description: "The run", content: { "application/json": { schema: EvalRunDetail } } },
      ...problemResponses,
      404: { description: "No such run", content: { "application/problem+json": { schema: {} } } },
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const q = c.req.valid("query");
    const page = await getRunPage(c.get("services").database.db, id, { limit: q.itemsLimit, offset: q.itemsOffset });
    if (!page) throw new AppError("not_found", `No eval run ${id}.`, { field: "id" });
    return c.json(
      {
        ...summary(page.run),
        config: page.run.config,
        metrics: page.run.metrics ?? {},
        gate: page.run.thresholds ?? {},
        itemTotal: page.total,
        items: page.items.map((r) => ({
          itemId: r.itemId,
          dataset: r.dataset,
          repeat: r.repeat,
          kind: itemKind(r),
          predicted: r.predicted,
          gold: r.gold,
          score: r.score,
          goldScore: r.goldScore,
          cached: r.cached,
          latencyMs: r.latencyMs,
          error: r.error,
        })),
      },
      200,
    );
  },
);
