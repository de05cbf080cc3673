import type { AIMessageChunk } from "@langchain/core/messages";
import type { Question } from "../content/schema.ts";
import { renderCompetencies, renderKeyPoints, renderProbes } from "../grading/llm/render.ts";
import type { CallSpec, LlmClient } from "../llm/client.ts";
import { LlmFailure, type TokenUsage } from "../llm/errors.ts";
import { newNonce, renderExchange } from "../llm/fence.ts";
import { type FollowupHeader, FollowupStreamParser, ngrams } from "../llm/followup-stream.ts";
import { loadPrompt, type Prompt } from "../llm/prompts.ts";
import { withRetries } from "../llm/retry.ts";
import { usageOf } from "../llm/structured.ts";
import type { DecideOptions, FollowupContext, FollowupDecision, Interviewer, InterviewerInfo } from "./interviewer.ts";

export const LLM_INTERVIEWER_VERSION = "llm-interviewer-1.0.0";

/** Everything a follow-up must never repeat: the model answer and the key points it is built from. */
function protectedNgrams(question: Question): Set<string> {
  const texts = [question.modelAnswer, ...question.keyPoints.flatMap((k) => [k.text, ...k.phrasings])];
  return new Set(texts.flatMap((t) => [...ngrams(t)]));
}

function validator(question: Question) {
  return (h: FollowupHeader) => {
    if (h.action !== "follow-up") return;
    const bad = (what: string) => new LlmFailure("malformed", `malformed output: ${what}`);
    if (h.keyPointId && !question.keyPoints.some((k) => k.id === h.keyPointId)) {
      throw bad(`unknown key point "${h.keyPointId}"`);
    }
    if (h.competencyId && !question.competencies.includes(h.competencyId)) {
      throw bad(`unknown competency "${h.competencyId}"`);
    }
    if (!h.keyPointId && !h.competencyId) throw bad("the follow-up targets no key point or competency");
  };
}

/**
 * Decides after each answer whether to probe further, with a model, and streams the follow-up
 * as it is written. The follow-up limit is enforced before any call, so moving on at the limit
 * costs nothing; a failure throws and the engine falls back to the offline interviewer.
 */
export class LlmInterviewer implements Interviewer {
  private readonly prompt: Prompt;
  private readonly guards = new Map<string, Set<string>>();
  readonly runsLocally = false;

  constructor(
    private readonly client: LlmClient,
    prompt?: Prompt,
  ) {
    this.prompt = prompt ?? loadPrompt("followup");
  }

  info(): InterviewerInfo {
    return {
      id: "llm",
      version: LLM_INTERVIEWER_VERSION,
      model: this.client.settings.interviewerModel,
      promptVersion: this.prompt.versionTag,
    };
  }

  private protectedFor(question: Question): Set<string> {
    const key = `${question.id}@${question.version}`;
    let set = this.guards.get(key);
    if (!set) {
      set = protectedNgrams(question);
      this.guards.set(key, set);
    }
    return set;
  }

  async decide(ctx: FollowupContext, opts: DecideOptions = {}): Promise<FollowupDecision> {
    if (ctx.followupsAsked >= ctx.maxFollowups) {
      return { action: "move-on", reason: `follow-up limit of ${ctx.maxFollowups} reached` };
    }
    const { question } = ctx;
    const nonce = newNonce();
    const probed = ctx.exchange.map((t) => t.targetKeyPointId).filter(Boolean);
    const messages = await this.prompt.render({
      nonce,
      questionId: question.id,
      question: question.text,
      competencies: renderCompetencies(question, ctx.rubric, "brief"),
      keyPoints: renderKeyPoints(question),
      probes: renderProbes(question),
      followupsAsked: String(ctx.followupsAsked),
      maxFollowups: String(ctx.maxFollowups),
      probed: probed.length > 0 ? probed.join(", ") : "none",
      jobFocus: ctx.jobFocus ?? "none",
      exchange: renderExchange(ctx.exchange, nonce),
    });
    const spec: CallSpec = {
      purpose: "followup",
      model: { model: this.client.settings.interviewerModel, temperature: 0.4, maxTokens: 400 },
      promptVersion: this.prompt.versionTag,
      context: { sessionId: ctx.sessionId },
      lane: "interactive",
      signal: opts.signal,
    };
    let streamed = false;
    const emit = (text: string) => {
      if (!text) return;
      streamed = true;
      opts.onDelta?.(text);
    };
    return withRetries(
      this.client.retryPolicy,
      () =>
        this.client.attempt(spec, async (model, signal) => {
          const parser = new FollowupStreamParser(validator(question), this.protectedFor(question));
          let usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
          let finish: string | undefined;
          const quiet = new TokenWatchdog(this.client.settings.interviewerFirstTokenMs);
          try {
            const stream = await model.stream(messages, { signal: AbortSignal.any([signal, quiet.signal]) });
            for await (const chunk of stream) {
              quiet.heard();
              const c = chunk as AIMessageChunk;
              if (c.usage_metadata) usage = usageOf(c);
              finish ??= c.response_metadata?.finish_reason as string | undefined;
              emit(parser.push(typeof c.content === "string" ? c.content : ""));
            }
            // A stream that stops without a finish reason lost its connection; one cut at the token
            // limit would leave a half-written question.
            if (!finish)
              throw new LlmFailure("connection", "connection failed: the stream ended before the reply was complete");
            if (finish === "length")
              throw new LlmFailure("malformed", "malformed output: the reply was cut off at the token limit");
            const { header, rest, text } = parser.end();
            emit(rest);
            return { value: toDecision(header, text, question), usage };
          } catch (caught) {
            const err = quiet.failure ?? caught;
            // Once the candidate has seen part of a follow-up, a retry would show it twice.
            if (!streamed) throw err instanceof LlmFailure ? new LlmFailure(err.kind, err.message, { usage }) : err;
            const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
            throw new LlmFailure("interrupted", `the follow-up broke off while streaming: ${reason}`, { usage });
          } finally {
            quiet.stop();
          }
        }),
      opts.signal,
    );
  }
}

function toDecision(header: FollowupHeader, text: string, question: Question): FollowupDecision {
  const reason = header.reason?.trim() || "no reason given";
  if (header.action === "move-on") return { action: "move-on", reason: `model: ${reason}` };
  const keyPoint = question.keyPoints.find((k) => k.id === header.keyPointId);
  return {
    action: "follow-up",
    text: text.trim(),
    targetKeyPointId: keyPoint?.id ?? null,
    targetCompetencyId: header.competencyId ?? keyPoint?.competencies[0] ?? null,
    reason: `model: ${reason}`,
  };
}

/**
 * Ends a stream attempt that goes quiet: the first token must arrive within `ms`, and so must
 * each one after it, so a model that hangs or stalls mid-sentence is cut off instead of waited for.
 */
class TokenWatchdog {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout>;
  private tokens = 0;
  failure: LlmFailure | null = null;

  constructor(private readonly ms: number) {
    this.timer = setTimeout(() => this.fire(), ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  heard(): void {
    this.tokens++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private fire(): void {
    this.failure = new LlmFailure(
      "timeout",
      this.tokens === 0
        ? `timeout: the model sent no token within ${this.ms} ms`
        : `timeout: the stream stalled for ${this.ms} ms`,
    );
    this.controller.abort(this.failure);
  }
}
