import type { Level } from "../content/schema.ts";
import type { KeyPointStatus } from "../grading/types.ts";
import type { AdversarialKind, Category, Quality, Style } from "./format.ts";
import type { Split } from "./split.ts";

export interface RubricLabels {
  competencies: Record<string, Level | null>;
  keyPoints: Record<string, KeyPointStatus>;
}

interface ItemResultBase {
  itemId: string;
  dataset: string;
  repeat: number;
  /** Mean predicted level (rubric items) or the predicted score (generic items). */
  score: number | null;
  goldScore: number | null;
  cached: boolean;
  latencyMs: number | null;
  /** Why the item could not be graded; such items are counted, never scored. */
  error: string | null;
}

export interface RubricItemResult extends ItemResultBase {
  kind: "rubric";
  questionId: string;
  round: string;
  quality: Quality;
  style: Style;
  /** Null only in runs stored before the held-out split existed. */
  split: Split | null;
  category: Category | null;
  adversarial: { kind: AdversarialKind; cap: number } | null;
  predicted: (RubricLabels & { summary?: string }) | null;
  gold: RubricLabels | null;
}

export interface GenericItemResult extends ItemResultBase {
  kind: "generic";
  scale: { min: number; max: number };
  /** A known-score item the calibration is fitted on; left out of the dataset's metrics. */
  anchor: boolean;
  predicted: { score: number; rationale: string } | null;
}

export type ItemResult = RubricItemResult | GenericItemResult;

export const RUBRIC_DATASET = "eval-set";

/** Mean of the levels that were observed, or null when none were. */
export function meanLevel(levels: Record<string, Level | null>): number | null {
  const xs = Object.values(levels).filter((x): x is Level => x !== null);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}
