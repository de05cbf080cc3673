import type { GenericItemResult } from "../../src/evals/results.ts";

/** A graded generic item on a 0-5 scale in dataset "g". */
export const genericResult = (id: string, score: number, gold: number, anchor = false): GenericItemResult => ({
  kind: "generic",
  itemId: id,
  dataset: "g",
  repeat: 0,
  scale: { min: 0, max: 5 },
  anchor,
  predicted: { score, rationale: "" },
  score,
  goldScore: gold,
  cached: false,
  latencyMs: 1,
  error: null,
});
