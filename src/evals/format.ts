import { z } from "zod";
import { Slug } from "../content/schema.ts";

/**
 * The eval set's file formats (documented in evals/README.md). Every file is JSON Lines: one
 * object per line, blank lines allowed. Objects are strict so a misspelt field is caught.
 */

export const QUALITIES = ["strong", "adequate", "weak", "wrong", "off-topic"] as const;
export const STYLES = ["structured", "terse", "rambling", "spoken", "partly-wrong", "unstructured"] as const;
export const ADVERSARIAL_KINDS = [
  "injection",
  "fake-grade",
  "keyword-stuffing",
  "restated-question",
  "other-model-answer",
  "empty",
  "one-word",
  "padding",
  "phrase-list",
  "recited-key-points",
  "pasted-model-answer",
  "repetition",
] as const;
/**
 * Finer groups the v2 additions were written to probe: answers that name the right terms without
 * explaining them, fluent answers that are wrong in substance, and strong answers in the
 * candidate's own words (worded unlike the bank's phrasings).
 */
export const CATEGORIES = ["shallow-mention", "confidently-wrong", "strong-paraphrase"] as const;
export const KEY_POINT_STATUSES = ["covered", "partial", "missed"] as const;

export type Quality = (typeof QUALITIES)[number];
export type Style = (typeof STYLES)[number];
export type AdversarialKind = (typeof ADVERSARIAL_KINDS)[number];
export type Category = (typeof CATEGORIES)[number];

const OneLine = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .refine((s) => !/[\r\n]/.test(s), "must be a single line");

export const FollowupSchema = z.strictObject({
  prompt: z.string().trim().min(1, "must not be empty"),
  answer: z.string(),
});

export const AdversarialSchema = z.strictObject({
  kind: z.enum(ADVERSARIAL_KINDS),
  /** The highest level any competency may be given for this answer. */
  cap: z.number().int().min(1).max(4),
});

export const EvalItemSchema = z
  .strictObject({
    id: Slug,
    questionId: Slug,
    quality: z.enum(QUALITIES),
    style: z.enum(STYLES),
    category: z.enum(CATEGORIES).optional(),
    answer: z.string(),
    followups: z.array(FollowupSchema).max(5).optional(),
    adversarial: AdversarialSchema.optional(),
  })
  .superRefine((item, ctx) => {
    const emptyAllowed = item.adversarial?.kind === "empty";
    if (!emptyAllowed && item.answer.trim() === "") {
      ctx.addIssue({
        code: "custom",
        path: ["answer"],
        message: 'must not be empty (unless adversarial.kind is "empty")',
      });
    }
  });

export type EvalItem = z.infer<typeof EvalItemSchema>;

export const LevelOrNull = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.null()]);

export const LabelSchema = z.strictObject({
  itemId: Slug,
  /** Every competency the question assesses: a level 1-4, or null when the answer gives no evidence. */
  competencies: z.record(z.string(), LevelOrNull),
  /** Every key point of the question. */
  keyPoints: z.record(z.string(), z.enum(KEY_POINT_STATUSES)),
  rationale: OneLine,
});

export type Label = z.infer<typeof LabelSchema>;

export const SettledFieldSchema = z.strictObject({
  /** "competencies.<competencyId>" or "keyPoints.<keyPointId>". */
  field: z.string().regex(/^(competencies|keyPoints)\.[a-z0-9-]+$/, 'must be "competencies.<id>" or "keyPoints.<id>"'),
  a: z.union([LevelOrNull, z.enum(KEY_POINT_STATUSES)]),
  b: z.union([LevelOrNull, z.enum(KEY_POINT_STATUSES)]),
  final: z.union([LevelOrNull, z.enum(KEY_POINT_STATUSES)]),
  note: OneLine,
});

export const GoldLabelSchema = LabelSchema.extend({
  settled: z.array(SettledFieldSchema),
});

export type GoldLabel = z.infer<typeof GoldLabelSchema>;
export type SettledField = z.infer<typeof SettledFieldSchema>;

/** A person's decision on one disagreement between the passes (evals/labels/settlements.jsonl). */
export const SettlementSchema = z.strictObject({
  itemId: Slug,
  field: SettledFieldSchema.shape.field,
  final: SettledFieldSchema.shape.final,
  note: OneLine,
});

export type Settlement = z.infer<typeof SettlementSchema>;

/** An open disagreement written by `npm run eval:settle` (evals/labels/disagreements.jsonl). */
export interface Disagreement {
  itemId: string;
  field: string;
  a: Label["competencies"][string] | Label["keyPoints"][string];
  b: Label["competencies"][string] | Label["keyPoints"][string];
}

/** External labelled data with no rubric: one score per answer on the dataset's own scale. */
export const GenericItemSchema = z
  .strictObject({
    id: z.string().trim().min(1).max(200),
    question: z.string().trim().min(1, "must not be empty"),
    reference_answer: z.string().trim().min(1, "must not be empty"),
    answer: z.string(),
    score: z.number().finite(),
    max_score: z.number().finite(),
    min_score: z.number().finite().default(0),
    /** A known-score item: the isotonic calibration is fitted on these, and metrics use the rest. */
    anchor: z.boolean().optional(),
  })
  .superRefine((item, ctx) => {
    if (item.max_score <= item.min_score) {
      ctx.addIssue({ code: "custom", path: ["max_score"], message: "must be greater than min_score" });
    } else if (item.score < item.min_score || item.score > item.max_score) {
      ctx.addIssue({
        code: "custom",
        path: ["score"],
        message: `must lie between ${item.min_score} and ${item.max_score}`,
      });
    }
  });

export type GenericItem = z.infer<typeof GenericItemSchema>;

export interface LineProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

export function formatProblem(p: LineProblem): string {
  return `${p.file}:${p.line}: ${p.field || "(line)"}: ${p.message}`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

/** Parses JSON Lines text with a schema; bad lines become problems naming file, line and field. */
export function parseJsonl<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
): { rows: { line: number; value: T }[]; problems: LineProblem[] } {
  const rows: { line: number; value: T }[] = [];
  const problems: LineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      problems.push({ file, line, field: "", message: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
        for (const k of keys) {
          problems.push({
            file,
            line,
            field: fieldPath(k === undefined ? issue.path : [...issue.path, k]),
            message: k === undefined ? issue.message : "is not a known field",
          });
        }
      }
      return;
    }
    rows.push({ line, value: result.data });
  });
  return { rows, problems };
}

export function toJsonl(rows: readonly unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length > 0 ? "\n" : "");
}
