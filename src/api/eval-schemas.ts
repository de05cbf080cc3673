import { z } from "@hono/zod-openapi";

export const EvalRunIdParam = z.object({
  id: z.uuid({ message: "must be an eval run id (UUID)" }).openapi({ param: { name: "id", in: "path" } }),
});

export const EvalRunListQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ param: { name: "limit", in: "query" } }),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .openapi({ param: { name: "offset", in: "query" } }),
  grader: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "must be a grader id such as offline or llm")
    .optional()
    .openapi({ param: { name: "grader", in: "query" } }),
});

export const EvalRunItemsQuery = z.object({
  itemsLimit: z.coerce
    .number()
    .int()
    .min(0)
    .max(5000)
    .default(1000)
    .openapi({ param: { name: "itemsLimit", in: "query" } }),
  itemsOffset: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .openapi({ param: { name: "itemsOffset", in: "query" } }),
});

const Headline = z
  .object({
    split: z
      .enum(["test", "all"])
      .openapi({ description: "The held-out test split when the run has one, else all items." }),
    qwk: z.number().nullable(),
    mae: z.number().nullable(),
    exact: z.number().nullable(),
    withinOne: z.number().nullable(),
    keyPointF1: z.number().nullable(),
    adversarialPassRate: z.number().nullable(),
  })
  .openapi({ description: "Headline agreement with gold, from metrics; null where not computed." });

export const EvalRunSummary = z
  .object({
    id: z.uuid(),
    label: z.string().nullable(),
    grader: z.string(),
    graderVersion: z.string(),
    model: z.string().nullable(),
    promptVersion: z.string().nullable(),
    rubricVersion: z.number().int().nullable(),
    datasets: z.array(z.string()),
    passed: z.boolean().nullable().openapi({ description: "Against evals/thresholds.json; null when none applied." }),
    itemCount: z.number().int(),
    durationMs: z.number().int().nullable(),
    createdAt: z.string(),
    headline: Headline,
  })
  .openapi("EvalRunSummary");

export const EvalRunList = z.object({ runs: z.array(EvalRunSummary) }).openapi("EvalRunList");

export const EvalItemView = z
  .object({
    itemId: z.string(),
    dataset: z.string(),
    repeat: z.number().int(),
    kind: z.enum(["rubric", "generic"]),
    predicted: z.record(z.string(), z.unknown()).nullable(),
    gold: z.record(z.string(), z.unknown()).nullable(),
    score: z.number().nullable(),
    goldScore: z.number().nullable(),
    cached: z.boolean(),
    latencyMs: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .openapi("EvalItem");

export const EvalRunDetail = EvalRunSummary.extend({
  config: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
  gate: z.record(z.string(), z.unknown()),
  itemTotal: z.number().int(),
  items: z.array(EvalItemView),
}).openapi("EvalRunDetail");
