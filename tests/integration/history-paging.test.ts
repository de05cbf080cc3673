import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HistoryT, SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let token: string;
beforeEach(async () => {
  t = await startTestApp();
  token = await t.candidate();
});
afterEach(async () => {
  await t.close();
});

const history = async (query = "") => {
  const res = await t.request(`/api/sessions${query}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as HistoryT;
};

describe("history paging", () => {
  it("pages past 100 sessions with a cursor: every session once, newest first, with the total", async () => {
    const created: string[] = [];
    for (let i = 0; i < 103; i++) {
      const res = await t.request("/api/sessions", { method: "POST", token, json: { questionIds: ["overfitting"] } });
      created.push(((await res.json()) as SessionViewT).id);
    }
    const newestFirst = [...created].reverse();

    const first = await history();
    expect(first.total).toBe(103);
    expect(first.sessions).toHaveLength(100);
    expect(first.sessions.map((s) => s.id)).toEqual(newestFirst.slice(0, 100));
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await history(`?cursor=${encodeURIComponent(first.nextCursor as string)}`);
    expect(rest.sessions.map((s) => s.id)).toEqual(newestFirst.slice(100));
    expect(rest.total).toBe(103);
    expect(rest.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: HistoryT = await history(`?limit=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.sessions.length).toBeLessThanOrEqual(40);
      seen.push(...page.sessions.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(newestFirst);
  });

  it("counts each session's asked questions as its own scorecard does", async () => {
    const res = await t.request("/api/sessions", {
      method: "POST",
      token,
      json: { questionIds: ["overfitting", "regularization"], maxFollowups: 0 },
    });
    const session = (await res.json()) as SessionViewT;
    const turnId = session.current?.turnId;
    await t.request(`/api/sessions/${session.id}/skip`, { method: "POST", token, json: { turnId } });
    await t.request(`/api/sessions/${session.id}/end`, { method: "POST", token });
    const own = (await (await t.request(`/api/sessions/${session.id}/scorecard`, { token })).json()) as {
      scorecard: { counts: { questions: number }; derivation: string[] };
    };
    const [listed] = (await history()).sessions;
    expect(own.scorecard.counts.questions).toBeGreaterThan(0);
    expect(listed?.scorecard.counts.questions).toBe(own.scorecard.counts.questions);
    expect(listed?.scorecard.derivation[0]).toBe(own.scorecard.derivation[0]);
  });

  it("refuses a bad limit or a cursor it did not issue, naming the field", async () => {
    for (const [query, field] of [
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?limit=ten", "limit"],
      ["?cursor=not-a-cursor", "cursor"],
    ]) {
      const res = await t.request(`/api/sessions${query}`, { token });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { code: string; field?: string };
      expect(problem.code).toBe("validation_failed");
      expect(problem.field).toBe(field);
    }
  });
});
