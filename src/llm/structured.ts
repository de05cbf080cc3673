import type { BaseMessage } from "@langchain/core/messages";
import type { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import { LlmFailure, type TokenUsage } from "./errors.ts";
import type { StructuredOutputMethod } from "./settings.ts";

export interface StructuredSpec<T> {
  /** Name of the JSON schema or of the function the model must call. */
  name: string;
  description: string;
  schema: z.ZodType<T>;
}

export interface ModelReply<T> {
  value: T;
  usage: TokenUsage;
}

interface RawChoice {
  finish_reason?: string | null;
  message?: { refusal?: string | null; content?: string | null };
}

const short = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** JSON schema for the wire, without the keys some OpenAI-compatible servers reject. */
export function wireSchema(spec: StructuredSpec<unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(spec.schema, { io: "output" }) as Record<string, unknown>;
  return { ...schema, title: spec.name, description: spec.description };
}

export function usageOf(message: { usage_metadata?: { input_tokens?: number; output_tokens?: number } }): TokenUsage {
  return {
    inputTokens: message.usage_metadata?.input_tokens ?? 0,
    outputTokens: message.usage_metadata?.output_tokens ?? 0,
  };
}

function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "does not match the schema";
  const path = issue.path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  return `${path || "output"}: ${issue.message}`;
}

/**
 * One structured call through LangChain's withStructuredOutput, by json_schema or function
 * calling. The zod schema goes over the wire as plain JSON schema and is validated here, so a
 * malformed reply still reports its tokens and says exactly what was wrong with it.
 */
export async function invokeStructured<T>(
  model: ChatOpenAI,
  method: StructuredOutputMethod,
  messages: BaseMessage[],
  spec: StructuredSpec<T>,
  signal: AbortSignal,
): Promise<ModelReply<T>> {
  const runnable = model.withStructuredOutput(wireSchema(spec as StructuredSpec<unknown>), {
    name: spec.name,
    method: method === "json_schema" ? "jsonSchema" : "functionCalling",
    includeRaw: true,
    ...(method === "json_schema" ? { strict: true } : {}),
  });
  const { raw, parsed } = (await runnable.invoke(messages, { signal })) as {
    raw: BaseMessage & { tool_calls?: unknown[]; invalid_tool_calls?: unknown[] };
    parsed: unknown;
  };
  const usage = usageOf(raw as never);
  const response = raw.additional_kwargs?.__raw_response as { choices?: RawChoice[] } | undefined;
  const choice = response?.choices?.[0];
  const refusal = choice?.message?.refusal;
  if (refusal) throw new LlmFailure("refusal", `refusal: ${short(refusal)}`, { usage });
  if (choice?.finish_reason === "content_filter") {
    throw new LlmFailure("refusal", "refusal: the reply was withheld by a content filter", { usage });
  }
  if (choice?.finish_reason === "length") {
    throw new LlmFailure("malformed", "malformed output: the reply was cut off at the token limit", { usage });
  }
  if (parsed === null || parsed === undefined) {
    const text = typeof raw.content === "string" ? raw.content.trim() : "";
    let detail: string;
    if (method === "function_calling") {
      detail =
        (raw.invalid_tool_calls?.length ?? 0) > 0
          ? `the ${spec.name} arguments are not valid JSON`
          : `the model answered in prose instead of calling ${spec.name}${text ? `: "${short(text, 80)}"` : ""}`;
    } else {
      detail = text ? `the reply is not valid JSON: "${short(text, 80)}"` : "the reply was empty";
    }
    throw new LlmFailure("malformed", `malformed output: ${detail}`, { usage });
  }
  const result = spec.schema.safeParse(parsed);
  if (!result.success) {
    throw new LlmFailure("malformed", `malformed output: ${describeZodError(result.error)}`, { usage });
  }
  return { value: result.data, usage };
}
