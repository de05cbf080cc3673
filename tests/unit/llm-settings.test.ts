import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../src/config/env.ts";
import { Prices } from "../../src/llm/prices.ts";
import { llmSettingsFrom, PLACEHOLDER_API_KEY } from "../../src/llm/settings.ts";

describe("LLM settings", () => {
  it("are off without a key or a base URL", () => {
    expect(llmSettingsFrom(parseEnv({}))).toBeNull();
  });

  it("switch on for a local server without a key, with a placeholder key", () => {
    const s = llmSettingsFrom(
      parseEnv({ OPENAI_BASE_URL: "http://localhost:11434/v1", MOCKLOOP_GRADER_MODEL: "llama3.1" }),
    );
    expect(s).toMatchObject({
      apiKey: PLACEHOLDER_API_KEY,
      baseURL: "http://localhost:11434/v1",
      graderModel: "llama3.1",
      interviewerModel: "llama3.1",
      structuredOutput: "json_schema",
      failureMode: "offline",
      maxRetries: 2,
    });
  });

  it("switch on with a key alone, for the OpenAI API", () => {
    const s = llmSettingsFrom(parseEnv({ OPENAI_API_KEY: "sk-test", MOCKLOOP_INTERVIEWER_MODEL: "gpt-4o" }));
    expect(s).toMatchObject({
      apiKey: "sk-test",
      baseURL: undefined,
      graderModel: "gpt-4o-mini",
      interviewerModel: "gpt-4o",
    });
  });

  it("reject bad values naming the variable", () => {
    expect(() => parseEnv({ LLM_STRUCTURED_OUTPUT: "xml" })).toThrow(/LLM_STRUCTURED_OUTPUT/);
    expect(() => parseEnv({ GRADING_FAILURE_MODE: "guess" })).toThrow(/GRADING_FAILURE_MODE/);
    expect(() => parseEnv({ LLM_PRICES: "{not json" })).toThrow(/LLM_PRICES: must be JSON/);
    expect(() => parseEnv({ LLM_PRICES: '{"m": {"input": -1, "output": 1}}' })).toThrow(EnvError);
    expect(() => parseEnv({ OPENAI_BASE_URL: "localhost" })).toThrow(/OPENAI_BASE_URL/);
  });
});

describe("price table", () => {
  it("prices known models per million tokens, dated snapshots by family, and leaves unknown models unpriced", () => {
    const prices = new Prices({ "my-model": { input: 1, output: 3 } });
    expect(prices.costOf("my-model", 1_000_000, 500_000)).toBeCloseTo(2.5);
    expect(prices.costOf("gpt-4o-mini-2024-07-18", 1_000_000, 0)).toBeCloseTo(0.15);
    expect(prices.costOf("gpt-4o-2024-08-06", 0, 1_000_000)).toBeCloseTo(10);
    expect(prices.costOf("llama3.1", 1000, 1000)).toBeNull();
  });
});
