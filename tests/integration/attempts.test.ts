import { afterEach, describe, expect, it } from "vitest";
import type { QuestionAttemptsT, SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { freshDatabase } from "../support/db.ts";
import { STRONG_OVERFITTING as BETTER, WEAK_OVERFITTING as WEAK } from "../support/overfitting-answers.ts";
import { type CountingDatabase, countingDatabase } from "../support/query-count.ts";

let t: TestApp | undefined;
let counted: CountingDatabase;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(): Promise<TestApp> {
  counted = countingDatabase(await freshDatabase());
  t = await startTestApp({}, {}, counted);
  return t;
}

/** One session asking only `questionId`, answered with `text` and no follow-up. */
async function attemptOnce(app: TestApp, token: string, questionId: string, text: string): Promise<string> {
  const created = await app.request("/api/sessions", {
    method: "POST",
    token,
    json: { questionIds: [questionId], maxFollowups: 0 },
  });
  expect(created.status).toBe(201);
  const s = (await created.json()) as SessionViewT;
  const res = await app.request(`/api/sessions/${s.id}/answers`, {
    method: "POST",
    token,
    json: { turnId: s.current?.turnId, text },
  });
  expect(res.status).toBe(200);
  return s.id;
}

describe("attempts at one question", () => {
  it("lists a weak attempt and a better retry side by side, with the key points the retry newly covered", async () => {
    const app = await start();
    const token = await app.candidate();
    const first = await attemptOnce(app, token, "overfitting", WEAK);
    const second = await attemptOnce(app, token, "overfitting", BETTER);
    // Another question in between must not appear among this question's attempts.
    await attemptOnce(app, token, "bias-variance", BETTER);
    await app.services.grading.idle();

    counted.reset();
    const res = await app.request("/api/questions/overfitting/attempts", { token });
    expect(res.status).toBe(200);
    const selects = counted.queries.filter((q) => /^select/i.test(q));
    expect(selects.length, selects.join("\n")).toBeLessThanOrEqual(3); // the token lookup and two queries
    const body = (await res.json()) as QuestionAttemptsT;

    expect(body.questionId).toBe("overfitting");
    expect(body.attempts.map((a) => a.sessionId)).toEqual([first, second]);
    const [weak, better] = body.attempts;
    expect(weak?.gradeStatus).toBe("graded");
    expect(better?.gradeStatus).toBe("graded");
    expect(weak?.keyPoints.every((k) => k.change === "first")).toBe(true);
    expect(better?.newlyCovered.length).toBeGreaterThan(0);
    for (const id of better?.newlyCovered ?? []) {
      const point = better?.keyPoints.find((k) => k.keyPointId === id);
      expect(point?.status).toBe("covered");
      expect(weak?.keyPoints.find((k) => k.keyPointId === id)?.status).not.toBe("covered");
    }
    expect(better?.competencies.length).toBeGreaterThan(0);
    expect(better?.competencies.some((c) => (c.change ?? 0) > 0)).toBe(true);
    expect(better?.time?.source).toBe("on-question");
    expect(Date.parse(better?.startedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(weak?.startedAt ?? ""));
  });

  it("shows another candidate none of them, and names the field of an unknown or malformed question", async () => {
    const app = await start();
    const owner = await app.candidate();
    const other = await app.candidate();
    await attemptOnce(app, owner, "overfitting", WEAK);
    await app.services.grading.idle();

    const theirs = await app.request("/api/questions/overfitting/attempts", { token: other });
    expect(theirs.status).toBe(200);
    expect(((await theirs.json()) as QuestionAttemptsT).attempts).toEqual([]);
    const mine = (await (
      await app.request("/api/questions/overfitting/attempts", { token: owner })
    ).json()) as QuestionAttemptsT;
    expect(mine.attempts).toHaveLength(1);

    expect((await app.request("/api/questions/overfitting/attempts")).status).toBe(401);
    for (const [path, status, field] of [
      ["/api/questions/no-such-question/attempts", 404, "questionId"],
      ["/api/questions/Not_A_Slug/attempts", 400, "questionId"],
      ["/api/questions/overfitting/attempts?role=no-such-role", 404, "role"],
    ] as const) {
      const res = await app.request(path, { token: owner });
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { field?: string }).field, path).toBe(field);
    }
  });
});
