import type { Level } from "../content/schema.ts";

/*
 * The shapes the database keeps in JSON columns. They live beside the schema so that the storage
 * layer depends on nothing above it; the graders that write them re-export them from
 * src/grading/types.ts.
 */

export type KeyPointStatus = "covered" | "partial" | "missed";

export interface EvidenceQuote {
  /** Verbatim text from one of the candidate's answers. */
  quote: string;
  /** The turn whose answer contains the quote. */
  turnId: string;
}

export interface CompetencyScore {
  competencyId: string;
  /** null means the answer gave no evidence either way ("not observed"). */
  level: Level | null;
  evidence: EvidenceQuote[];
  rationale: string;
}

export interface KeyPointResult {
  keyPointId: string;
  status: KeyPointStatus;
  evidence: EvidenceQuote[];
  /** Set when the point only appeared in the answer to a follow-up. */
  drawnOutByTurnId?: string;
}

/** One of the rubric's weak signals, shown with the candidate's sentence that shows it. */
export interface WeakSignal {
  competencyId: string;
  signal: string;
  quote: string;
  turnId: string;
}

export interface GradeResult {
  competencies: CompetencyScore[];
  keyPoints: KeyPointResult[];
  /** Each names what the answer did well and quotes the sentence that did it. */
  strengths: string[];
  improvements: string[];
  /** Absent on grades stored before weak signals were detected. */
  weakSignals?: WeakSignal[];
  summary: string;
  /** Plain statement of how this grade was produced when no model was involved or a fallback happened. */
  notice?: string;
}

export interface StoredSessionSummary {
  overview: string;
  focusAreas: { area: string; practice: string }[];
  model: string;
  promptVersion: string;
  createdAt: string;
}

/** What the interviewer decided after an answer, kept on the answered turn. */
export interface TurnDecision {
  action: "follow-up" | "move-on" | "skip" | "end";
  reason: string;
  /** Who decided: "candidate" for a skip, else the interviewer id and version. */
  interviewer: string;
}
