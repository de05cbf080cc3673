/**
 * Turn latency with a model configured, through the real server and client against the scripted
 * OpenAI-compatible server (tests/support/scripted-llm.ts).
 *
 * (a) Grading must never delay a follow-up: the same interviews run twice, once with instant
 *     grading calls and once with grading calls that take 8 s; turn p99 of the slow run over the
 *     instant one should stay <= 1.2.
 * (b) A hung interviewer model: every follow-up call waits a minute before sending anything; each
 *     turn should return within LLM_INTERVIEWER_DEADLINE_MS + 1 s with the offline follow-up.
 */
import type { AnswerAcceptedT, SessionViewT } from "../src/api/schemas.ts";
import { createApp } from "../src/app.ts";
import { parseEnv } from "../src/config/env.ts";
import { loadContent } from "../src/content/load.ts";
import type { Question } from "../src/content/schema.ts";
import { createLogger } from "../src/log.ts";
import { buildServices } from "../src/services.ts";
import { type RecordedRequest, type ScriptedReply, startScriptedLlm } from "../tests/support/scripted-llm.ts";
import { type BenchDatabase, listen, openBenchDatabase, post } from "./harness.ts";
import { scriptedFollowup, scriptedGrade } from "./scripted-replies.ts";
import { type LatencySummary, percentile, summarize } from "./stats.ts";

interface Turn {
  ms: number;
  /** What was answered: with one follow-up allowed, the interviewer is consulted on every question. */
  kind: "question" | "followup";
  decision: AnswerAcceptedT["decision"];
}

export interface TurnRun {
  turns: Turn[];
  latency: LatencySummary & { p90: number; max: number };
  /** Grading calls the scripted server had answered or was holding when the interviews ended. */
  gradeCalls: number;
  followupCalls: number;
}

const latencyOf = (turns: Turn[], wallMs: number) => {
  const sorted = turns.map((t) => t.ms).sort((a, b) => a - b);
  return { ...summarize(sorted, wallMs), p90: percentile(sorted, 90), max: sorted.at(-1) ?? Number.NaN };
};

/** One candidate's interview over HTTP: every prompt answered with half its model answer. */
async function runCandidate(url: string, questionIds: string[], answers: Map<string, string>): Promise<Turn[]> {
  const token = ((await (await post(`${url}/api/candidates`, {})).json()) as { token: string }).token;
  const res = await post(`${url}/api/sessions`, { questionIds, maxFollowups: 1 }, token);
  if (res.status !== 201) throw new Error(`start failed: ${res.status} ${await res.text()}`);
  const session = (await res.json()) as SessionViewT;
  const turns: Turn[] = [];
  let current = session.current;
  while (current) {
    const text = answers.get(current.text) ?? "I would first check whether the change is real before acting on it.";
    const started = performance.now();
    const r = await post(`${url}/api/sessions/${session.id}/answers`, { turnId: current.turnId, text }, token);
    const body = (await r.json()) as AnswerAcceptedT;
    if (r.status !== 200) throw new Error(`turn failed: ${r.status} ${JSON.stringify(body)}`);
    turns.push({ ms: performance.now() - started, kind: current.kind, decision: body.decision });
    current = body.next;
  }
  return turns;
}

/**
 * Interviews by `candidates` candidates at once on a fresh database, the model answering follow-up
 * calls with `followup` and grading calls with `grade`. Grades still queued at the end are dropped.
 */
async function runInterviews(opts: {
  target: BenchDatabase;
  name: string;
  candidates: number;
  questions: Question[];
  env: Record<string, string>;
  followup: (req: RecordedRequest) => ScriptedReply;
  grade: (req: RecordedRequest) => ScriptedReply;
}): Promise<TurnRun> {
  const llm = await startScriptedLlm();
  let gradeCalls = 0;
  let followupCalls = 0;
  llm.otherwise((req) => {
    if (req.body.stream) {
      followupCalls++;
      return opts.followup(req);
    }
    gradeCalls++;
    return opts.grade(req);
  });
  const { database, env } = await openBenchDatabase(opts.target, opts.name);
  const content = loadContent();
  const services = buildServices(
    parseEnv({
      LOG_LEVEL: "silent",
      SERVE_WEB: "false",
      MOCKLOOP_LIMIT_CANDIDATES: "off",
      MOCKLOOP_LIMIT_ANSWERS: "off",
      OPENAI_BASE_URL: llm.url,
      MOCKLOOP_GRADER_MODEL: "scripted-grader",
      MOCKLOOP_INTERVIEWER_MODEL: "scripted-interviewer",
      LLM_SESSION_SUMMARY: "false",
      LLM_RETRY_BASE_MS: "5",
      LLM_TIMEOUT_MS: "30000",
      ...env,
      ...opts.env,
    }),
    database,
    content,
    createLogger("silent"),
  );
  await services.grading.start();
  const { server, url } = await listen(createApp(services).fetch);
  const questionIds = opts.questions.map((q) => q.id);
  const answers = new Map(
    opts.questions.map((q) => [q.text, q.modelAnswer.slice(0, Math.ceil(q.modelAnswer.length / 2))]),
  );
  try {
    await runCandidate(url, questionIds.slice(0, 1), answers); // warm-up: modules, connections, prompts
    gradeCalls = 0;
    followupCalls = 0;
    const started = performance.now();
    const all = await Promise.all(
      Array.from({ length: opts.candidates }, () => runCandidate(url, questionIds, answers)),
    );
    const turns = all.flat();
    return { turns, latency: latencyOf(turns, performance.now() - started), gradeCalls, followupCalls };
  } finally {
    // Grades still waiting on slow calls are abandoned: only the turns are measured.
    await services.grading.drain(0);
    server.close();
    await llm.close();
    await database.close();
  }
}

export interface TurnLlmBenchResult {
  candidates: number;
  questions: number;
  slowGradeMs: number;
  followupDelayMs: number;
  instant: TurnRun;
  slow: TurnRun;
  deadlineMs: number;
  hung: TurnRun;
  /** Turns of the hung run decided by the offline interviewer after the deadline, with that reason. */
  hungFallbacks: number;
  /** Turns of the hung run on which the interviewer was consulted (answers to bank questions). */
  hungConsulted: number;
}

export async function benchTurnLlm(
  target: BenchDatabase,
  opts: { candidates?: number; questions?: number; slowGradeMs?: number; deadlineMs?: number } = {},
): Promise<TurnLlmBenchResult> {
  const candidates = opts.candidates ?? 24;
  const slowGradeMs = opts.slowGradeMs ?? 8000;
  const deadlineMs = opts.deadlineMs ?? 1500;
  const followupDelayMs = 15;
  const hub = loadContent().hub("ml-engineer");
  if (!hub) throw new Error("the ml-engineer role is missing");
  const questions = hub.questions.slice(0, opts.questions ?? 5);
  const followup = (req: RecordedRequest) => scriptedFollowup(questions, req, { delayMs: followupDelayMs });
  const common = { target, candidates, questions };

  const instant = await runInterviews({
    ...common,
    name: "mockloop_bench_turn_instant",
    env: {},
    followup,
    grade: (req) => scriptedGrade(questions, req),
  });
  const slow = await runInterviews({
    ...common,
    name: "mockloop_bench_turn_slow",
    env: {},
    followup,
    grade: (req) => scriptedGrade(questions, req, { delayMs: slowGradeMs }),
  });
  const hung = await runInterviews({
    ...common,
    candidates: Math.max(1, Math.round(candidates / 3)),
    name: "mockloop_bench_turn_hung",
    env: { LLM_INTERVIEWER_DEADLINE_MS: String(deadlineMs) },
    followup: (req) => scriptedFollowup(questions, req, { delayMs: 60_000 }),
    grade: (req) => scriptedGrade(questions, req),
  });
  const fallbacks = hung.turns.filter(
    (t) =>
      t.decision.interviewer.startsWith("offline@") &&
      t.decision.reason.includes(`the interviewer's model gave no decision within ${deadlineMs} ms`),
  );
  return {
    candidates,
    questions: questions.length,
    slowGradeMs,
    followupDelayMs,
    instant,
    slow,
    deadlineMs,
    hung,
    hungFallbacks: fallbacks.length,
    hungConsulted: hung.turns.filter((t) => t.kind === "question").length,
  };
}
