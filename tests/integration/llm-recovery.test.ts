import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionViewT } from "../../src/api/schemas.ts";
import { grades, jobs } from "../../src/db/schema.ts";
import { freshDatabase } from "../support/db.ts";
import { firstSentences, hub, questionOfRequest, scriptedGrade, startLlmTestApp } from "../support/llm-app.ts";
import { type RecordedRequest, type ScriptedLlm, startScriptedLlm } from "../support/scripted-llm.ts";

let llm: ScriptedLlm;
beforeAll(async () => {
  llm = await startScriptedLlm();
});
afterAll(async () => {
  await llm.close();
});

/** Grades whichever question the request is about, quoting the first sentence of its model answer. */
function gradeFor(req: RecordedRequest) {
  const question = questionOfRequest(req);
  if (!question) return { kind: "status" as const, status: 500, message: "unknown question" };
  return {
    kind: "json" as const,
    value: scriptedGrade(question, { level: 3, quotes: [firstSentences(question.modelAnswer, 1)] }),
  };
}

describe("restart recovery of background grading", () => {
  it("grades the work a stopped server left pending or half-claimed once a new worker starts", async () => {
    const questions = hub().questions.slice(0, 3);
    const database = await freshDatabase();
    const first = await startLlmTestApp(llm, {}, database);
    llm.otherwise(gradeFor);
    const token = await first.candidate();
    const created = await first.request("/api/sessions", {
      method: "POST",
      token,
      json: { questionIds: questions.map((q) => q.id), maxFollowups: 0 },
    });
    const session = (await created.json()) as SessionViewT;
    const sessionId = session.id;
    let current = session.current;
    const answer = async () => {
      const q = questions.find((x) => x.id === current?.questionId);
      const res = await first.request(`/api/sessions/${sessionId}/answers`, {
        method: "POST",
        token,
        json: { turnId: current?.turnId, text: q?.modelAnswer },
      });
      expect(res.status).toBe(200);
      current = ((await res.json()) as { next: SessionViewT["current"] }).next;
    };

    await answer();
    await first.services.grading.idle();
    // The server "crashes": its worker stops taking work, answers keep arriving and are stored.
    first.services.grading.stop();
    await answer();
    await answer();
    // A grade the dead process had claimed but never finished: its job is running under a lease
    // nobody renews any more.
    const [half] = await database.db.select().from(grades).where(eq(grades.questionIndex, 1));
    await database.db
      .update(jobs)
      .set({ status: "running", attempts: 1, leaseOwner: "dead-instance", leaseExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(jobs.gradeId, half!.id));
    const before = await database.db.select().from(grades).orderBy(asc(grades.questionIndex));
    expect(before.map((g) => g.status)).toEqual(["graded", "pending", "pending"]);
    const open = await database.db.select().from(jobs).where(eq(jobs.kind, "grade")).orderBy(asc(jobs.createdAt));
    expect(open.map((j) => j.status)).toEqual(["done", "running", "queued"]);
    expect(llm.requests).toHaveLength(1);

    const second = await startLlmTestApp(llm, {}, database);
    await second.services.grading.idle();
    const after = await database.db.select().from(grades).orderBy(asc(grades.questionIndex));
    expect(after.map((g) => [g.status, g.grader])).toEqual([
      ["graded", "llm"],
      ["graded", "llm"],
      ["graded", "llm"],
    ]);
    expect(after[1]?.attempts).toBe(2);
    expect(llm.requests).toHaveLength(3);
    await second.close();
  });
});
