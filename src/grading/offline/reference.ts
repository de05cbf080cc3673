import { cosineSimilarity, type TermWeights } from "../../text/idf.ts";
import { contentStems, stemsMatch } from "../../text/tokens.ts";
import type { ReferenceGradeInput, ReferenceGradeOutput } from "../types.ts";

/** Fraction of the reference's distinct terms (idf-weighted) that the answer uses. */
function termRecall(reference: readonly string[], answer: readonly string[], weights: TermWeights): number {
  const ref = [...new Set(reference)];
  const ans = [...new Set(answer)];
  let total = 0;
  let hit = 0;
  for (const s of ref) {
    const w = weights.idf(s);
    total += w;
    if (ans.some((a) => stemsMatch(a, s))) hit += w;
  }
  return total === 0 ? 0 : hit / total;
}

/**
 * Scores an answer against a reference answer on the dataset's own scale, for labelled sets that
 * have no rubric. Terms the question already contains count for little, as in rubric grading.
 */
export function gradeAgainstReference(input: ReferenceGradeInput, weights: TermWeights): ReferenceGradeOutput {
  const { min, max } = input.scale;
  const question = new Set(contentStems(input.question));
  const reference = contentStems(input.referenceAnswer).filter((s) => !question.has(s));
  const answer = contentStems(input.answer);
  if (answer.length === 0 || reference.length === 0) {
    return {
      score: min,
      rationale: answer.length === 0 ? "The answer is empty." : "The reference has no content terms.",
    };
  }
  const recall = termRecall(reference, answer, weights);
  const similarity = cosineSimilarity(answer, reference, weights);
  // Paraphrases share few exact terms, so overlap is compressed towards the top of the scale.
  const raw = 0.6 * recall + 0.4 * similarity;
  const fraction = Math.min(1, Math.sqrt(raw / 0.5));
  const score = Math.round((min + (max - min) * fraction) * 100) / 100;
  return {
    score,
    rationale:
      `Uses ${(recall * 100).toFixed(0)}% of the reference's key terms; similarity ${(similarity * 100).toFixed(0)}%. ` +
      "Offline scoring measures overlap with the reference, not correctness.",
  };
}
