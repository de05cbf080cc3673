import type { Question, Rubric } from "../content/schema.ts";
import type { OfflineGrader } from "../grading/offline/grader.ts";
import type { ExchangeTurn } from "../grading/types.ts";

export interface FollowupContext {
  /** For accounting a model interviewer's calls to the session. */
  sessionId?: string;
  question: Question;
  rubric: Rubric;
  /** The bank question and any follow-ups so far, all answered. */
  exchange: ExchangeTurn[];
  followupsAsked: number;
  maxFollowups: number;
  /** Why the candidate's job description chose this question, quoting it; a model may phrase follow-ups in that setting. */
  jobFocus?: string | null;
}

export type FollowupDecision =
  | { action: "move-on"; reason: string }
  | {
      action: "follow-up";
      text: string;
      targetKeyPointId: string | null;
      targetCompetencyId: string | null;
      reason: string;
    };

export interface InterviewerInfo {
  id: string;
  version: string;
  model: string | null;
  promptVersion: string | null;
}

export interface DecideOptions {
  signal?: AbortSignal;
  /** Receives follow-up text as it is generated, for streaming to the candidate. */
  onDelta?: (text: string) => void;
}

/** Decides after each answer whether to probe further or move to the next bank question. */
export interface Interviewer {
  /**
   * True when decide() does no I/O and returns within milliseconds, so the service may run it
   * inside the answer's transaction; false for a model, whose call happens outside any transaction.
   */
  readonly runsLocally: boolean;
  info(): InterviewerInfo;
  decide(ctx: FollowupContext, opts?: DecideOptions): Promise<FollowupDecision>;
}

export const OFFLINE_INTERVIEWER_VERSION = "offline-interviewer-1.0.0";

/**
 * Probes the heaviest key point the answers have not covered yet, using the question's own
 * probe for it; never the model answer. Points already probed once are not probed again.
 */
export class OfflineInterviewer implements Interviewer {
  readonly runsLocally = true;

  constructor(private readonly grader: OfflineGrader) {}

  info(): InterviewerInfo {
    return { id: "offline", version: OFFLINE_INTERVIEWER_VERSION, model: null, promptVersion: null };
  }

  async decide(ctx: FollowupContext, opts: DecideOptions = {}): Promise<FollowupDecision> {
    if (ctx.followupsAsked >= ctx.maxFollowups) {
      return { action: "move-on", reason: `follow-up limit of ${ctx.maxFollowups} reached` };
    }
    const probed = new Set(ctx.exchange.map((t) => t.targetKeyPointId).filter(Boolean));
    const matches = this.grader.matchKeyPoints(ctx.question, ctx.exchange);
    const candidates = matches
      .filter((m) => m.status === "missed" && !probed.has(m.keyPoint.id))
      .filter((m) => ctx.question.probes.some((p) => p.keyPoint === m.keyPoint.id))
      .sort((a, b) => b.keyPoint.weight - a.keyPoint.weight || a.score - b.score);
    const target = candidates[0];
    if (!target) return { action: "move-on", reason: "no unprobed key point is missing" };
    const probe = ctx.question.probes.find((p) => p.keyPoint === target.keyPoint.id);
    if (!probe) return { action: "move-on", reason: "no probe for the missing point" };
    opts.onDelta?.(probe.text);
    return {
      action: "follow-up",
      text: probe.text,
      targetKeyPointId: target.keyPoint.id,
      targetCompetencyId: target.keyPoint.competencies[0] ?? null,
      reason: `the answer did not cover key point "${target.keyPoint.id}" (weight ${target.keyPoint.weight})`,
    };
  }
}
