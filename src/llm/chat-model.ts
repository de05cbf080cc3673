import { ChatOpenAI } from "@langchain/openai";
import type { TokenUsage } from "./errors.ts";
import type { LlmSettings } from "./settings.ts";

/** Reasoning models accept only their default temperature. */
const FIXED_TEMPERATURE = /^(o\d|gpt-5)/;

export interface ChatModelOptions {
  model: string;
  temperature: number;
  maxTokens: number;
}

/**
 * A chat model over the Chat Completions API. Retries are ours (see retry.ts), so the client
 * makes exactly one attempt: every attempt is then counted, and 429 without Retry-After is
 * retried too. The raw response is kept to read refusals and finish reasons.
 */
export function createChatModel(settings: LlmSettings, opts: ChatModelOptions, fetchImpl?: typeof fetch): ChatOpenAI {
  return new ChatOpenAI({
    model: opts.model,
    apiKey: settings.apiKey,
    configuration: { baseURL: settings.baseURL, ...(fetchImpl ? { fetch: fetchImpl } : {}) },
    maxRetries: 0,
    timeout: settings.timeoutMs,
    temperature: FIXED_TEMPERATURE.test(opts.model) ? undefined : opts.temperature,
    maxTokens: opts.maxTokens,
    streamUsage: true,
    useResponsesApi: false,
    __includeRawResponse: true,
  });
}

/**
 * A fetch that notes the token usage of each JSON reply. The openai client parses json_schema
 * replies itself and throws on invalid JSON before LangChain sees the message; this keeps the
 * tokens of such a reply countable.
 */
export function usageCapturingFetch(): { fetch: typeof fetch; usage: () => TokenUsage | null } {
  let usage: TokenUsage | null = null;
  const capturing: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (res.ok && res.headers.get("content-type")?.includes("application/json")) {
      try {
        const body = (await res.clone().json()) as { usage?: { prompt_tokens?: number; completion_tokens?: number } };
        if (body.usage)
          usage = { inputTokens: body.usage.prompt_tokens ?? 0, outputTokens: body.usage.completion_tokens ?? 0 };
      } catch {
        // Not JSON after all: the client will report that itself.
      }
    }
    return res;
  };
  return { fetch: capturing, usage: () => usage };
}
