import type postgres from "postgres";
import type { Question } from "../../src/content/schema.ts";
import { type Instance, waitFor } from "../support/instances.ts";
import { firstSentences, hub, questionOfRequest, scriptedGrade } from "../support/llm-app.ts";
import type { RecordedRequest, ScriptedLlm, ScriptedReply } from "../support/scripted-llm.ts";

/** Shared pieces of the multi-process queue tests: the scripted model, a client, the checks. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Grades every request for the question it names; debrief requests get a debrief. */
export function scriptModel(llm: ScriptedLlm, delayMs: number) {
  llm.otherwise((req: RecordedRequest): ScriptedReply => {
    if (JSON.stringify(req.body).includes("submit_debrief")) {
      return {
        kind: "json",
        delayMs,
        value: { overview: "A scripted debrief.", focusAreas: [{ area: "Depth", practice: "Go one level deeper." }] },
      };
    }
    const q = questionOfRequest(req);
    if (!q) return { kind: "status", status: 400, message: "the test did not expect this request" };
    return {
      kind: "json",
      delayMs,
      value: scriptedGrade(q, { level: 3, quotes: [firstSentences(q.modelAnswer, 1)] }),
    };
  });
}

export function modelEnv(llm: ScriptedLlm, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPENAI_BASE_URL: llm.url,
    MOCKLOOP_GRADER_MODEL: "scripted-grader",
    MOCKLOOP_INTERVIEWER_MODEL: "scripted-interviewer",
    LLM_TIMEOUT_MS: "15000",
    LLM_MAX_RETRIES: "1",
    LLM_RETRY_BASE_MS: "5",
    LLM_CONCURRENCY: "2",
    LLM_SESSION_SUMMARY: "false",
    QUEUE_POLL_MS: "500",
    SHUTDOWN_TIMEOUT_MS: "15000",
    // The load comes from one address, far above what one person would create.
    MOCKLOOP_LIMIT_CANDIDATES: "100000/1h",
    ...extra,
  };
}

export const questions = (): Question[] => hub().questions.slice(0, 12);

export interface Outcome {
  status: number | "reset" | "refused" | "error";
  detail?: string;
}

/** One request; a network failure is classified instead of thrown. */
export async function call(base: string, path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  try {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers,
      body: init.json === undefined ? init.body : JSON.stringify(init.json),
    });
    const text = await res.text();
    return {
      status: res.status as Outcome["status"],
      body: text ? JSON.parse(text) : null,
      type: res.headers.get("content-type"),
    };
  } catch (err) {
    const code = String((err as { cause?: { code?: string } }).cause?.code ?? "");
    const status: Outcome["status"] =
      code === "ECONNREFUSED" ? "refused" : /RESET|SOCKET|EPIPE/.test(code) ? "reset" : "error";
    return { status, body: null, type: null, detail: `${code} ${(err as Error).message}` };
  }
}

export type Target = () => Promise<string>;

/**
 * A candidate answering a one-question session: each request goes to the instance target() names
 * (a fixed one, or the balancer's pick). Returns every outcome.
 */
export async function answerOneQuestion(
  target: Target,
  q: Question,
): Promise<{ outcomes: Outcome[]; sessionId?: string }> {
  const outcomes: Outcome[] = [];
  const cand = await call(await target(), "/api/candidates", { method: "POST" });
  outcomes.push(cand);
  if (cand.status !== 201) return { outcomes };
  const token = cand.body.token as string;
  const created = await call(await target(), "/api/sessions", {
    method: "POST",
    token,
    json: { questionIds: [q.id], maxFollowups: 0 },
  });
  outcomes.push(created);
  if (created.status !== 201) return { outcomes };
  const answered = await call(await target(), `/api/sessions/${created.body.id}/answers`, {
    method: "POST",
    token,
    json: { turnId: created.body.current.turnId, text: q.modelAnswer },
  });
  outcomes.push(answered);
  outcomes.push(await call(await target(), `/api/sessions/${created.body.id}/scorecard`, { token }));
  return { outcomes, sessionId: answered.status === 200 ? created.body.id : undefined };
}

export const fixed =
  (i: Instance): Target =>
  async () =>
    i.base;

export interface GradeCheck {
  grades: number;
  graded: number;
  /** Grades whose successful model calls are not exactly one. */
  notExactlyOnce: number;
  /** Model calls for grades, all outcomes (so double-paid work shows). */
  gradeCalls: number;
  /** Calls left without an outcome (the process died during the call). */
  incompleteCalls: number;
}

export async function checkGrades(sql: postgres.Sql): Promise<GradeCheck> {
  const rows = await sql<{ status: string; ok_calls: number }[]>`
    select g.status, (select count(*)::int from llm_calls c where c.grade_id = g.id and c.purpose = 'grade' and c.ok) as ok_calls
    from grades g`;
  const [calls] = await sql<{ total: number; incomplete: number }[]>`
    select count(*)::int as total, (count(*) filter (where completed_at is null))::int as incomplete
    from llm_calls where purpose = 'grade'`;
  return {
    grades: rows.length,
    graded: rows.filter((r) => r.status === "graded").length,
    notExactlyOnce: rows.filter((r) => r.ok_calls !== 1).length,
    gradeCalls: calls?.total ?? 0,
    incompleteCalls: calls?.incomplete ?? 0,
  };
}

/** Waits until `expected` grades are graded; a timeout says what the queue holds. */
export function allGraded(sql: postgres.Sql, expected: number, timeoutMs = 30_000) {
  return waitFor(
    `${expected} graded answers`,
    async () => {
      const [r] = await sql<{ n: number }[]>`select count(*)::int as n from grades where status = 'graded'`;
      return (r?.n ?? 0) >= expected;
    },
    timeoutMs,
    async () => {
      const g = await sql`select status, count(*)::int as n from grades group by status`;
      const j = await sql`select kind, status, lease_owner, attempts, last_error from jobs where status <> 'done'`;
      return JSON.stringify({ grades: g, openJobs: j });
    },
  );
}

/**
 * What a load balancer does: sends each request to an instance whose /readyz said 200 on the last
 * check (every 100 ms), round robin.
 */
export class Balancer {
  private ready = new Set<Instance>();
  private timer: NodeJS.Timeout;
  private turn = 0;

  constructor(private readonly instances: () => Instance[]) {
    this.timer = setInterval(() => void this.check(), 100);
  }

  private async check() {
    await Promise.all(
      this.instances().map(async (i) => {
        const r = await call(i.base, "/readyz", { signal: AbortSignal.timeout(500) });
        if (r.status === 200) this.ready.add(i);
        else this.ready.delete(i);
      }),
    );
  }

  async pick(): Promise<Instance> {
    for (;;) {
      const live = this.instances().filter((i) => this.ready.has(i));
      if (live.length > 0) return live[this.turn++ % live.length] as Instance;
      await sleep(50);
    }
  }

  stop() {
    clearInterval(this.timer);
  }
}
