import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { GradeViewT, ScorecardT, SessionViewT } from "../../src/api/schemas.ts";
import type { Question } from "../../src/content/schema.ts";
import type { Database } from "../../src/db/client.ts";
import { ITEMS_DIR } from "../../src/evals/paths.ts";
import type { ModelServices } from "../../src/services.ts";
import { startTestApp, type TestApp, testContent } from "./app.ts";
import { type RecordedRequest, requestText, type ScriptedLlm, startScriptedLlm } from "./scripted-llm.ts";

/** Settings that point the real client at the scripted server, with short waits for tests. */
export function llmEnv(llm: ScriptedLlm, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LOG_LEVEL: "silent",
    SERVE_WEB: "false",
    OPENAI_BASE_URL: llm.url,
    MOCKLOOP_GRADER_MODEL: "scripted-grader",
    MOCKLOOP_INTERVIEWER_MODEL: "scripted-interviewer",
    LLM_TIMEOUT_MS: "3000",
    LLM_MAX_RETRIES: "2",
    LLM_RETRY_BASE_MS: "5",
    // Each test scripts exactly the calls it expects; the debrief has its own test.
    LLM_SESSION_SUMMARY: "false",
    ...extra,
  };
}

export type LlmTestApp = TestApp & { llm: ModelServices };

/** The whole app wired from the environment, as src/server.ts does it, against the scripted server. */
export async function startLlmTestApp(
  llm: ScriptedLlm,
  extra: Record<string, string> = {},
  database?: Database,
): Promise<LlmTestApp> {
  const app = await startTestApp({}, llmEnv(llm, extra), database);
  const model = app.services.model;
  if (!model) throw new Error("the LLM should be configured");
  return { ...app, llm: model };
}

export function hub() {
  const h = testContent().hub("ml-engineer");
  if (!h) throw new Error("the ml-engineer role is missing");
  return h;
}

/** A bank question with at least two competencies, so that per-competency behaviour shows. */
export function sampleQuestion(): Question {
  const q = hub().questions.find((x) => x.competencies.length >= 2 && x.keyPoints.length >= 3);
  if (!q) throw new Error("no suitable question in the bank");
  return q;
}

export interface FooledOptions {
  level: number | string;
  quotes: string[];
  status?: "covered" | "partial" | "missed";
}

/** What a model returns for a question: every competency at one level, every key point one status. */
export function scriptedGrade(question: Question, opts: FooledOptions) {
  return {
    competencies: question.competencies.map((competencyId) => ({
      competencyId,
      evidence: opts.quotes,
      rationale: `Scripted rationale for ${competencyId}.`,
      level: String(opts.level),
    })),
    keyPoints: question.keyPoints.map((k) => ({
      keyPointId: k.id,
      evidence: opts.status === "missed" ? [] : opts.quotes,
      status: opts.status ?? "covered",
    })),
    strengths: ["You structured the answer."],
    improvements: ["Say more about trade-offs."],
    summary: "A scripted summary.",
  };
}

/**
 * A strong answer to a bank question in a candidate's own words: the eval set's first "strong"
 * item for it. (The model answer itself would be capped: pasting it is a guarded manipulation.)
 */
export function strongAnswer(question: Question): string {
  const file = join(ITEMS_DIR, `${question.id}.jsonl`);
  const items = readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { quality: string; answer: string; adversarial?: unknown });
  const strong = items.find((i) => i.quality === "strong" && !i.adversarial);
  if (!strong) throw new Error(`no strong eval item for ${question.id}`);
  return strong.answer;
}

/** The first few sentences of a text, as a candidate might answer with them. */
export function firstSentences(text: string, n: number): string {
  return (text.match(/[^.!?]+[.!?]+/g) ?? [text]).slice(0, n).join(" ").trim();
}

/** Runs a one-question session with no follow-ups, waits for grading, and returns its scorecard. */
export async function gradeOneAnswer(t: TestApp, question: Question, answer: string) {
  const token = await t.candidate();
  const created = await t.request("/api/sessions", {
    method: "POST",
    token,
    json: { questionIds: [question.id], maxFollowups: 0 },
  });
  if (created.status !== 201) throw new Error(`session not created: ${await created.text()}`);
  const session = (await created.json()) as SessionViewT;
  const turnId = session.current?.turnId as string;
  const res = await t.request(`/api/sessions/${session.id}/answers`, {
    method: "POST",
    token,
    json: { turnId, text: answer },
  });
  if (res.status !== 200) throw new Error(`answer not accepted: ${await res.text()}`);
  await t.services.grading.idle();
  const sc = (await (await t.request(`/api/sessions/${session.id}/scorecard`, { token })).json()) as ScorecardT;
  const grade = sc.answers[0]?.grade;
  if (!grade) throw new Error("no grade row");
  return { token, sessionId: session.id, turnId, scorecard: sc, grade };
}

export const levelsOf = (grade: GradeViewT) =>
  Object.fromEntries(grade.competencies.map((c) => [c.competencyId, c.level]));

/** The bank question a grading request is about, read from the prompt the app sent. */
export function questionOfRequest(req: RecordedRequest): Question | undefined {
  const id = /Question \(([a-z0-9-]+)\):/.exec(requestText(req))?.[1];
  return hub().questions.find((q) => q.id === id);
}

/**
 * The hooks every model test file needs: one scripted server for the file, and after each test
 * the app it started is closed and the server's script reset.
 */
export function useScriptedLlm(state: { started(llm: ScriptedLlm): void; app(): TestApp | undefined; forget(): void }) {
  let llm: ScriptedLlm | undefined;
  beforeAll(async () => {
    llm = await startScriptedLlm();
    state.started(llm);
  });
  afterAll(async () => {
    await llm?.close();
  });
  afterEach(async () => {
    await state.app()?.close();
    state.forget();
    llm?.reset();
  });
}
