import type { BaseMessage } from "@langchain/core/messages";
import type { ChatOpenAI } from "@langchain/openai";
import type { CallContext, CallPurpose, CallRecorder, LlmCallRecord } from "./accounting.ts";
import { type ChatModelOptions, createChatModel, usageCapturingFetch } from "./chat-model.ts";
import { classifyError, type LlmFailure, type TokenUsage } from "./errors.ts";
import { type Lane, RequestLimiter } from "./limiter.ts";
import { type RetryPolicy, withRetries } from "./retry.ts";
import type { LlmSettings } from "./settings.ts";
import { invokeStructured, type ModelReply, type StructuredSpec } from "./structured.ts";

export interface CallSpec {
  purpose: CallPurpose;
  model: ChatModelOptions;
  promptVersion: string;
  context?: CallContext;
  /** interactive: a candidate is waiting (follow-ups); background: grading and debriefs. */
  lane: Lane;
  signal?: AbortSignal;
  /** Sees each recorded attempt, e.g. to total a grade's usage. */
  tally?: (call: LlmCallRecord) => void;
}

/** Builds the messages of an attempt; previous is why the last attempt failed, for a corrective note. */
export type MessagesFor = (previous: LlmFailure | null) => BaseMessage[];

/**
 * The one way the app talks to a model: it bounds concurrency, applies the deadline, retries
 * within limits and records every attempt (tokens, latency, outcome) before returning.
 */
export class LlmClient {
  private readonly lanes: Record<Lane, RequestLimiter>;

  constructor(
    readonly settings: LlmSettings,
    private readonly recorder: CallRecorder,
  ) {
    this.lanes = {
      interactive: new RequestLimiter(settings.interviewerConcurrency),
      background: new RequestLimiter(settings.concurrency),
    };
  }

  get retryPolicy(): RetryPolicy {
    return {
      maxRetries: this.settings.maxRetries,
      baseMs: this.settings.retryBaseMs,
      maxWaitMs: this.settings.maxRetryWaitMs,
    };
  }

  /** One attempt: waits for a slot, runs under the deadline, and records the outcome. */
  async attempt<T>(
    spec: CallSpec,
    run: (model: ChatOpenAI, signal: AbortSignal) => Promise<ModelReply<T>>,
  ): Promise<T> {
    return this.lanes[spec.lane].run(async () => {
      const record = await this.recorder.start({
        purpose: spec.purpose,
        model: spec.model.model,
        promptVersion: spec.promptVersion,
        sessionId: spec.context?.sessionId,
        gradeId: spec.context?.gradeId,
      });
      const deadline = AbortSignal.timeout(this.settings.timeoutMs + 1000);
      const signal = spec.signal ? AbortSignal.any([spec.signal, deadline]) : deadline;
      const started = performance.now();
      let usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
      let failure: LlmFailure | null = null;
      // A model per attempt is cheap and lets this attempt see its own reply's usage.
      const capture = usageCapturingFetch();
      try {
        const reply = await run(createChatModel(this.settings, spec.model, capture.fetch), signal);
        usage = reply.usage;
        return reply.value;
      } catch (err) {
        failure = classifyError(err, {
          timeoutMs: this.settings.timeoutMs,
          callerAborted: spec.signal?.aborted ?? false,
        });
        usage = failure.opts.usage ?? capture.usage() ?? usage;
        throw failure;
      } finally {
        const call: LlmCallRecord = {
          purpose: spec.purpose,
          model: spec.model.model,
          promptVersion: spec.promptVersion,
          sessionId: spec.context?.sessionId,
          gradeId: spec.context?.gradeId,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          latencyMs: performance.now() - started,
          ok: failure === null,
          error: failure?.message ?? null,
        };
        spec.tally?.(call);
        await record.complete(call);
      }
    }, spec.signal);
  }

  /**
   * A structured call with retries. check() runs inside each attempt, so a reply it rejects (for
   * example one quoting words the candidate never wrote) is recorded as a failed call.
   */
  structured<T, R>(
    spec: CallSpec,
    messagesFor: MessagesFor,
    schema: StructuredSpec<T>,
    check: (value: T, usage: TokenUsage) => R,
  ): Promise<R> {
    return withRetries(
      this.retryPolicy,
      (_n, previous) =>
        this.attempt(spec, async (model, signal) => {
          const reply = await invokeStructured(
            model,
            this.settings.structuredOutput,
            messagesFor(previous),
            schema,
            signal,
          );
          return { value: check(reply.value, reply.usage), usage: reply.usage };
        }),
      spec.signal,
    );
  }
}
