import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataExportT, PlanPreviewT, ProblemT, SessionViewT } from "../../src/api/schemas.ts";
import { MAX_ANSWER_CHARS, MAX_JOB_DESCRIPTION_CHARS } from "../../src/api/schemas.ts";
import { countCharacters } from "../../src/api/text-length.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

const FRAUD_JD = `Machine Learning Engineer, Payments Risk. You will own our real-time fraud scoring service,
which decides on every card transaction in under 50 ms. Fraud is rare, so experience with highly imbalanced
labels and threshold selection matters. Streaming features, drift monitoring, chargebacks.`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

async function problem(res: Response, field: string): Promise<ProblemT> {
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as ProblemT;
  expect(body.code).toBe("validation_failed");
  expect(body.field).toBe(field);
  return body;
}

const post = (path: string, token: string, json: unknown) => t.request(path, { method: "POST", token, json });

describe("a job description on session creation", () => {
  it("previews a tailored plan with reasons and its guideline total; starting with the seed asks exactly it", async () => {
    const token = await t.candidate();
    const body = { preset: "full-loop", jobDescription: FRAUD_JD };
    const res = await post("/api/sessions/preview", token, body);
    expect(res.status).toBe(200);
    const preview = (await res.json()) as PlanPreviewT;
    expect(preview.tailored).toBe(true);
    expect(preview.questions).toHaveLength(6);
    const fraud = preview.questions.find((q) => q.questionId === "fraud-detection-latency");
    expect(fraud?.reason).toContain("real-time fraud scoring");
    expect(preview.guidelineMinutes).toBe(preview.questions.reduce((s, q) => s + q.timeGuidelineMinutes, 0));
    const bank = t.services.content.hub("ml-engineer");
    for (const q of preview.questions) {
      expect(q.timeGuidelineMinutes).toBe(bank?.questionsById.get(q.questionId)?.timeGuidelineMinutes);
    }

    // A preview stores nothing.
    const before = (await (await t.request("/api/sessions", { token })).json()) as { total: number };
    expect(before.total).toBe(0);

    const created = await post("/api/sessions", token, { ...body, planSeed: preview.planSeed });
    expect(created.status).toBe(201);
    const session = (await created.json()) as SessionViewT;
    expect(session.tailored).toBe(true);
    expect(session.plan).toEqual(preview.questions);
    expect(session.current?.questionId).toBe(preview.questions[0]?.questionId);

    const again = (await (await t.request(`/api/sessions/${session.id}`, { token })).json()) as SessionViewT;
    expect(again.plan).toEqual(preview.questions);

    // The description is stored with the session and comes back in the data export.
    const exported = (await (await t.request("/api/me/export", { token })).json()) as DataExportT;
    const stored = exported.sessions.find((s) => s.id === session.id) as Record<string, unknown>;
    expect(stored.jobDescription).toBe(FRAUD_JD);
  });

  it("without a description the plan carries no reasons and is not marked tailored", async () => {
    const token = await t.candidate();
    const res = await post("/api/sessions", token, { preset: "quick-practice" });
    expect(res.status).toBe(201);
    const session = (await res.json()) as SessionViewT;
    expect(session.tailored).toBe(false);
    expect(session.plan).toHaveLength(3);
    expect(session.plan.every((q) => q.reason === null)).toBe(true);
  });

  it("refuses a description that is too long, has control characters or is blank, naming the field", async () => {
    const token = await t.candidate();
    const long = "fraud ".repeat(Math.ceil(MAX_JOB_DESCRIPTION_CHARS / 6) + 1);
    for (const path of ["/api/sessions", "/api/sessions/preview"]) {
      const tooLong = await problem(await post(path, token, { jobDescription: long }), "jobDescription");
      expect(tooLong.detail).toContain(`at most ${MAX_JOB_DESCRIPTION_CHARS} characters (it has ${long.length})`);
      const control = await problem(
        await post(path, token, { jobDescription: "Fraud scoring\u0007 in real time" }),
        "jobDescription",
      );
      expect(control.detail).toMatch(/control characters \(found U\+0007 at character 14\)/);
      await problem(await post(path, token, { jobDescription: " \n " }), "jobDescription");
    }
    const history = (await (await t.request("/api/sessions", { token })).json()) as { total: number };
    expect(history.total).toBe(0);
  });

  it("counts answer length in characters as people do, and says the count it refused", async () => {
    const token = await t.candidate();
    const session = (await (
      await post("/api/sessions", token, { questionIds: ["overfitting"] })
    ).json()) as SessionViewT;
    const turnId = session.current?.turnId;
    // Each emoji is two UTF-16 units but one character: this is 20,001 characters, 40,002 units.
    const over = "😀".repeat(MAX_ANSWER_CHARS + 1);
    const refused = await problem(
      await post(`/api/sessions/${session.id}/answers`, token, { turnId, text: over }),
      "text",
    );
    expect(refused.detail).toContain(`(it has ${countCharacters(over)})`);
    expect(countCharacters(over)).toBe(MAX_ANSWER_CHARS + 1);
    const fits = "😀".repeat(MAX_ANSWER_CHARS);
    const ok = await post(`/api/sessions/${session.id}/answers`, token, { turnId, text: fits });
    expect(ok.status).toBe(200);
  });
});
