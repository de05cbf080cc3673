import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { guardTelemetry } from "../../src/privacy/telemetry.ts";
import { gradeOneAnswer, type LlmTestApp, sampleQuestion, scriptedGrade, startLlmTestApp } from "../support/llm-app.ts";
import { type ScriptedLlm, startScriptedLlm } from "../support/scripted-llm.ts";

/**
 * LangChain sends traces to whatever LANGSMITH_ENDPOINT names. Point it at a listener on
 * 127.0.0.1 and count what arrives while a real LLM grade runs against the scripted model.
 */
let collector: Server;
let collectorUrl: string;
const received: string[] = [];
let llm: ScriptedLlm;
let t: LlmTestApp | undefined;
const saved = { ...process.env };

beforeAll(async () => {
  collector = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  llm = await startScriptedLlm();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  llm.reset();
  received.length = 0;
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});
afterAll(async () => {
  await llm.close();
  await new Promise((resolve) => collector.close(resolve));
});

function setTracingVariables() {
  Object.assign(process.env, {
    LANGSMITH_TRACING: "true",
    LANGCHAIN_TRACING_V2: "true",
    LANGSMITH_ENDPOINT: collectorUrl,
    LANGCHAIN_ENDPOINT: collectorUrl,
    LANGSMITH_API_KEY: "lsv2_test_key",
    LANGCHAIN_CALLBACKS_BACKGROUND: "false",
  });
}

async function gradeWithModel() {
  const question = sampleQuestion();
  t = await startLlmTestApp(llm);
  llm.push({ kind: "json", value: scriptedGrade(question, { level: 3, quotes: [] }) });
  const { grade } = await gradeOneAnswer(t, question, question.modelAnswer);
  expect(grade.grader).toBe("llm");
  expect(llm.requests.length).toBeGreaterThan(0);
}

describe("no telemetry", () => {
  it("removes the tracing variables, so a graded answer sends nothing to the tracing endpoint", async () => {
    setTracingVariables();
    const decision = guardTelemetry(process.env);
    expect(decision.allowed).toBe(false);
    expect(decision.variables).toEqual(expect.arrayContaining(["LANGCHAIN_TRACING_V2", "LANGSMITH_TRACING"]));
    expect(decision.summary).toMatch(/^off: ignored .*LANGSMITH_TRACING.* \(set MOCKLOOP_ALLOW_TRACING=1/);
    expect(process.env.LANGSMITH_TRACING).toBeUndefined();
    expect(process.env.LANGSMITH_ENDPOINT).toBeUndefined();
    await gradeWithModel();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received).toEqual([]);
  });

  it("the same run with MOCKLOOP_ALLOW_TRACING=1 does reach the endpoint (so the check above can fail)", async () => {
    setTracingVariables();
    process.env.MOCKLOOP_ALLOW_TRACING = "1";
    const decision = guardTelemetry(process.env);
    expect(decision.allowed).toBe(true);
    expect(decision.summary).toMatch(/answers may leave this machine/);
    await gradeWithModel();
    await expect.poll(() => received.length, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
  });
});
