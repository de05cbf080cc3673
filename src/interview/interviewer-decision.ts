import type { InterviewDeps } from "./deps.ts";
import type { FollowupContext } from "./interviewer.ts";
import type { Decision } from "./rules.ts";

export interface StepOptions {
  signal?: AbortSignal;
  /** Receives follow-up text as the interviewer writes it. */
  onDelta?: (text: string) => void;
  /** Called when a streamed follow-up broke off and the offline interviewer's prompt replaces it. */
  onInterrupted?: (reason: string) => void;
}

export async function decideLocally(deps: InterviewDeps, ctx: FollowupContext, opts: StepOptions): Promise<Decision> {
  const { interviewer } = deps;
  const decision = await interviewer.decide(ctx, { onDelta: opts.onDelta });
  return { by: interviewer.info(), decision };
}

/**
 * Asks the configured interviewer, within its deadline. Past the deadline, or on any failure, the
 * offline interviewer decides at once and the reason is kept with the decision.
 */
export async function decideWithinDeadline(
  deps: InterviewDeps,
  ctx: FollowupContext,
  opts: StepOptions,
): Promise<Decision> {
  const { interviewer, fallbackInterviewer, logger } = deps;
  if (interviewer.runsLocally) return decideLocally(deps, ctx, opts);
  const ms = deps.interviewerDeadlineMs;
  const deadline = AbortSignal.timeout(ms);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  let streamed = false;
  try {
    const decision = await interviewer.decide(ctx, {
      signal,
      onDelta: (text) => {
        streamed = true;
        opts.onDelta?.(text);
      },
    });
    return { by: interviewer.info(), decision };
  } catch (err) {
    const why = deadline.aborted
      ? `the interviewer's model gave no decision within ${ms} ms`
      : ((err as Error).message.split("\n")[0] ?? String(err));
    logger.warn("interviewer failed; using the offline interviewer", { error: why });
    // Text already shown must not run into the fallback's prompt: say it stopped, then replace it.
    if (streamed) opts.onInterrupted?.(why);
    const decision = await fallbackInterviewer.decide(ctx, streamed ? {} : { onDelta: opts.onDelta });
    return {
      by: fallbackInterviewer.info(),
      decision: { ...decision, reason: `${decision.reason} (offline fallback: ${why})` },
    };
  }
}
