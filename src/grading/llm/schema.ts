import { z } from "zod";
import type { Question } from "../../content/schema.ts";
import type { StructuredSpec } from "../../llm/structured.ts";

export const NOT_OBSERVED = "not observed";
const LEVEL_VALUES = ["1", "2", "3", "4", NOT_OBSERVED] as const;

/** Small models often send 3 for "3"; both mean the same level. */
const Level = z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.enum(LEVEL_VALUES));

const Quotes = z.array(z.string()).describe("Passages copied exactly from the candidate's answers");

/**
 * What the model returns for one answer. Ids are enums of this question's competencies and key
 * points, so a server that enforces the schema cannot invent one. Evidence comes before the
 * level so that the model commits to the words before it commits to a number.
 */
export function gradeOutputSchema(question: Question) {
  const competencyIds = question.competencies as [string, ...string[]];
  const keyPointIds = question.keyPoints.map((k) => k.id) as [string, ...string[]];
  return z.object({
    competencies: z.array(
      z.object({
        competencyId: z.enum(competencyIds),
        evidence: Quotes,
        rationale: z.string(),
        level: Level,
      }),
    ),
    keyPoints: z.array(
      z.object({
        keyPointId: z.enum(keyPointIds),
        evidence: Quotes,
        status: z.enum(["covered", "partial", "missed"]),
      }),
    ),
    strengths: z.array(z.string()),
    improvements: z.array(z.string()),
    summary: z.string(),
  });
}

export type GradeOutput = z.infer<ReturnType<typeof gradeOutputSchema>>;

export function gradeOutputSpec(question: Question): StructuredSpec<GradeOutput> {
  return {
    name: "submit_grade",
    description: "The grade of the candidate's answer against the rubric and the question's key points.",
    schema: gradeOutputSchema(question),
  };
}

export const ReferenceOutput = z.object({
  rationale: z.string(),
  score: z.number(),
});

export const referenceOutputSpec: StructuredSpec<z.infer<typeof ReferenceOutput>> = {
  name: "submit_score",
  description: "The score of the answer on the requested scale, with a short rationale.",
  schema: ReferenceOutput,
};
