import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import type { GraderInfo } from "../grading/types.ts";
import type { RunMetrics } from "./evaluate.ts";

const Bounds = z.record(
  z.string().regex(/^[\w-]+(\.[\w-]+)+$/, "must be a metric path such as overall.qwk"),
  z.number(),
);

export const GraderThresholdsSchema = z.strictObject({
  /** Each metric must be at least this. */
  min: Bounds.default({}),
  /** Each metric must be at most this. */
  max: Bounds.default({}),
});

export const ThresholdsFileSchema = z.strictObject({
  $comment: z.string().optional(),
  /** Keyed by grader id ("offline", "llm") or grader@model for one model. */
  graders: z.record(z.string(), GraderThresholdsSchema),
});

export type GraderThresholds = z.infer<typeof GraderThresholdsSchema>;
export type ThresholdsFile = z.infer<typeof ThresholdsFileSchema>;

export interface ThresholdCheck {
  metric: string;
  bound: "min" | "max";
  threshold: number;
  value: number | null;
  ok: boolean;
}

export interface GateResult {
  /** Which entry of the thresholds file applied, or null when none did. */
  appliedTo: string | null;
  passed: boolean | null;
  checks: ThresholdCheck[];
}

export class ThresholdsError extends Error {}

export function loadThresholds(file: string): ThresholdsFile | null {
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ThresholdsError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const parsed = ThresholdsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new ThresholdsError(`${file} is not a valid thresholds file:\n${issues.join("\n")}`);
  }
  return parsed.data;
}

/** The value at a dot path such as "byCompetency.evaluation-rigor.qwk"; undefined when absent. */
export function metricValue(metrics: RunMetrics, path: string): number | null | undefined {
  let node: unknown = metrics;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (node === null) return null;
  return typeof node === "number" ? node : undefined;
}

export function thresholdsFor(file: ThresholdsFile | null, info: GraderInfo): [string, GraderThresholds] | null {
  if (!file) return null;
  const keys = info.model ? [`${info.id}@${info.model}`, info.id] : [info.id];
  for (const k of keys) {
    const t = file.graders[k];
    if (t) return [k, t];
  }
  return null;
}

/** A metric that could not be computed fails its threshold: a gate must not pass on missing data. */
export function checkThresholds(metrics: RunMetrics, entry: [string, GraderThresholds] | null): GateResult {
  if (!entry) return { appliedTo: null, passed: null, checks: [] };
  const [appliedTo, t] = entry;
  const checks: ThresholdCheck[] = [];
  for (const [bound, table] of [
    ["min", t.min],
    ["max", t.max],
  ] as const) {
    for (const [metric, threshold] of Object.entries(table)) {
      const v = metricValue(metrics, metric);
      const value = v ?? null;
      const ok = value !== null && (bound === "min" ? value >= threshold : value <= threshold);
      checks.push({ metric, bound, threshold, value, ok });
    }
  }
  return { appliedTo, passed: checks.every((c) => c.ok), checks };
}
