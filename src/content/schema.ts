import { z } from "zod";

/** Lower-case kebab ids keep file names, URLs and references aligned. */
export const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case kebab-case (a-z, 0-9, -)");

const Text = z.string().trim().min(1, "must not be empty");

export const RoundSchema = z.strictObject({
  id: Slug,
  title: Text,
  purpose: Text,
  defaultMinutes: z.number().int().positive(),
  defaultQuestions: z.number().int().positive(),
});

export const PresetSchema = z.strictObject({
  id: Slug,
  title: Text,
  description: Text,
  rounds: z.array(Slug).min(1),
  questionCount: z.number().int().positive(),
});

export const RoleSchema = z.strictObject({
  id: Slug,
  title: Text,
  summary: Text,
  rounds: z.array(RoundSchema).min(1),
  presets: z.array(PresetSchema).min(1),
});

export const LEVELS = [1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];

export const CompetencySchema = z.strictObject({
  id: Slug,
  name: Text,
  description: Text,
  /** Every level of the 1-4 scale is described; keys are the level numbers. */
  levels: z.strictObject({ "1": Text, "2": Text, "3": Text, "4": Text }),
  strongSignals: z.array(Text).min(1),
  weakSignals: z.array(Text).min(1),
  /**
   * Where evidence comes from: "key-points" competencies are judged through the question's key
   * points; "whole-answer" ones (e.g. communication) from how the answer as a whole is built.
   */
  evidence: z.enum(["key-points", "whole-answer"]).default("key-points"),
});

export const RubricSchema = z.strictObject({
  id: Slug,
  version: z.number().int().positive(),
  scale: z.strictObject({
    min: z.literal(1),
    max: z.literal(4),
    labels: z.strictObject({ "1": Text, "2": Text, "3": Text, "4": Text }),
  }),
  competencies: z.array(CompetencySchema).min(1),
});

export const QUESTION_TYPES = ["technical", "scenario", "behavioural", "coding"] as const;
export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export const KeyPointSchema = z.strictObject({
  id: Slug,
  text: Text,
  /** Relative importance within the question (1 = minor, 3 = essential). */
  weight: z.number().int().min(1).max(3),
  /** Competencies this point is evidence for; must be among the question's competencies. */
  competencies: z.array(Slug).min(1),
  /** Other ways a candidate may say the same thing; matched after stemming. */
  phrasings: z.array(Text).min(2),
  /**
   * What saying the point (not just naming it) sounds like: the mechanism, reason, consequence or
   * trade-off in plain words. Naming a point without any of these earns at most "partial".
   */
  explains: z.array(Text).min(1).optional(),
});

export const ProbeSchema = z.strictObject({
  keyPoint: Slug,
  text: Text,
});

export const QuestionSchema = z.strictObject({
  id: Slug,
  version: z.number().int().positive(),
  round: Slug,
  type: z.enum(QUESTION_TYPES),
  difficulty: z.enum(DIFFICULTIES),
  /** Problem patterns this question exercises (e.g. fraud-detection, drift); used for coverage checks. */
  patterns: z.array(Slug).min(1),
  competencies: z.array(Slug).min(1),
  timeGuidelineMinutes: z.number().positive().max(60),
  text: Text,
  keyPoints: z.array(KeyPointSchema).min(3),
  probes: z.array(ProbeSchema).min(1),
  modelAnswer: Text,
  commonMistakes: z.array(Text).min(1),
});

export type Round = z.infer<typeof RoundSchema>;
export type Preset = z.infer<typeof PresetSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type Competency = z.infer<typeof CompetencySchema>;
export type Rubric = z.infer<typeof RubricSchema>;
export type KeyPoint = z.infer<typeof KeyPointSchema>;
export type Probe = z.infer<typeof ProbeSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionType = Question["type"];
