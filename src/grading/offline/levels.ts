import type { Level } from "../../content/schema.ts";
import type { CompetencyScore, EvidenceQuote } from "../types.ts";
import { coverage, type KeyPointMatch } from "./keypoints.ts";
import type { AnswerWindow } from "./windows.ts";

/** Competency levels from key-point coverage: what the offline grader scores a competency by. */

/** Similarity to the model answer adds at most this much to a competency's coverage. */
const SIMILARITY_SHARE = 0.15;

/**
 * A competency whose points are only partly covered is held at 2, unless the answer covers at
 * least this share of all the question's key points in full.
 */
const SHOWN_DEPTH_SHARE = 0.4;

function levelFrom(score: number): Level {
  if (score >= 0.7) return 4;
  if (score >= 0.45) return 3;
  if (score >= 0.3) return 2;
  return 1;
}

export const toQuote = (w: AnswerWindow): EvidenceQuote => ({ quote: w.quote, turnId: w.turnId });

export function uniqueQuotes(windows: readonly AnswerWindow[], max: number): EvidenceQuote[] {
  const seen = new Set<string>();
  const out: EvidenceQuote[] = [];
  for (const w of windows) {
    const key = `${w.turnId}:${w.start}`;
    if (seen.has(key) || out.some((q) => q.turnId === w.turnId && q.quote.includes(w.quote))) continue;
    seen.add(key);
    out.push(toQuote(w));
    if (out.length >= max) break;
  }
  return out;
}

export function keyPointCompetency(
  competencyId: string,
  name: string,
  matches: readonly KeyPointMatch[],
  similarity: number,
): CompetencyScore {
  const relevant = matches.filter((m) => m.keyPoint.competencies.includes(competencyId));
  const cov = coverage(relevant);
  const score = (1 - SIMILARITY_SHARE) * cov + SIMILARITY_SHARE * Math.min(1, similarity / 0.5);
  const hits = relevant.filter((m) => m.window).sort((a, b) => b.score - a.score);
  const coveredHere = relevant.some((m) => m.status === "covered");
  const coveredInAll = matches.filter((m) => m.status === "covered").length;
  // An answer that explains a good share of the question's points in full has shown it explains,
  // not names: a competency whose own points it only partly covers is not held below 3 for that.
  const shownDepth = coveredInAll >= SHOWN_DEPTH_SHARE * matches.length && matches.length > 0;
  const anyCovered = coveredHere || shownDepth;
  const level = hits.length === 0 ? 1 : anyCovered ? levelFrom(score) : (Math.min(2, levelFrom(score)) as Level);
  const covered = relevant.filter((m) => m.status === "covered").length;
  const partial = relevant.filter((m) => m.status === "partial").length;
  const rationale =
    hits.length === 0
      ? `None of the ${relevant.length} key points that show ${name.toLowerCase()} here appeared in the answer.`
      : `Covered ${covered}${partial > 0 ? ` and partly covered ${partial}` : ""} of the ${relevant.length} key points ` +
        `that show ${name.toLowerCase()} here (weighted coverage ${(cov * 100).toFixed(0)}%, similarity to the ` +
        `model answer ${(similarity * 100).toFixed(0)}%).` +
        (level === 2 && !anyCovered ? " Level 3 and above need at least one point covered in full." : "") +
        (level >= 3 && covered === 0
          ? ` None of these is covered in full, but the answer covers ${coveredInAll} of the question's ${matches.length} key points in full.`
          : "");
  return {
    competencyId,
    level,
    evidence: uniqueQuotes(
      hits.map((m) => m.window as AnswerWindow),
      3,
    ),
    rationale,
  };
}
