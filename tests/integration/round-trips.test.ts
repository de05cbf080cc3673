import { afterEach, describe, expect, it } from "vitest";
import type { AnswerAcceptedT, HistoryT, SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { freshDatabase } from "../support/db.ts";
import { type CountingDatabase, countingDatabase } from "../support/query-count.ts";

let t: TestApp | undefined;
let counted: CountingDatabase;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start() {
  counted = countingDatabase(await freshDatabase());
  t = await startTestApp({}, {}, counted);
  // The worker grades in the background; stop it so only the request's own statements are counted.
  t.services.grading.stop();
  return t;
}

const PARTIAL =
  "Overfitting means the model memorises noise in the training data, so it fails to generalise to new data.";

/** Statements the job queue adds when a grade row is queued (its job row and a NOTIFY, with the grade row). */
const isQueueStatement = (q: string) => /^insert into "jobs"/i.test(q) || /notify/i.test(q);

async function counting<T>(fn: () => Promise<T>): Promise<{ value: T; queries: string[]; queue: string[] }> {
  counted.reset();
  const value = await fn();
  const all = [...counted.queries];
  return { value, queries: all.filter((q) => !isQueueStatement(q)), queue: all.filter(isQueueStatement) };
}

describe("database round trips", () => {
  it("an offline turn is one transaction of at most four statements; the session is read once", async () => {
    const app = await start();
    const token = await app.candidate();
    const json = { questionIds: ["overfitting", "bias-variance"], maxFollowups: 1 };
    const s = (await (await app.request("/api/sessions", { method: "POST", token, json })).json()) as SessionViewT;
    const answer = (turnId: string, text: string) =>
      counting(async () => {
        const res = await app.request(`/api/sessions/${s.id}/answers`, {
          method: "POST",
          token,
          json: { turnId, text },
        });
        expect(res.status).toBe(200);
        return (await res.json()) as AnswerAcceptedT;
      });

    // Follow-up: read session with turns, close the turn, insert the follow-up.
    const followup = await answer(s.current!.turnId, PARTIAL);
    expect(followup.value.decision.action).toBe("follow-up");
    const auth = 1; // the bearer token lookup
    expect(followup.queries).toHaveLength(auth + 3);
    expect(followup.queue).toHaveLength(0);
    expect(followup.queries.filter((q) => /from "sessions"/.test(q) && /^select/i.test(q))).toHaveLength(1);

    // Move on: read, close, insert the next bank question, and one statement that stores the
    // thread's grade row, its job and the NOTIFY.
    const moveOn = await answer(followup.value.next!.turnId, "I do not know.");
    expect(moveOn.value.decision.action).toBe("move-on");
    expect(moveOn.queries).toHaveLength(auth + 3);
    expect(moveOn.queue).toHaveLength(1);
    expect(moveOn.queue[0]).toMatch(/insert into "grades"[\s\S]*insert into "jobs"[\s\S]*pg_notify/i);

    // A skip of the last question: read, close, complete the session, and the grade in one statement.
    const skip = await counting(() =>
      app.request(`/api/sessions/${s.id}/skip`, { method: "POST", token, json: { turnId: moveOn.value.next!.turnId } }),
    );
    expect(skip.value.status).toBe(200);
    expect(skip.queries).toHaveLength(auth + 3);
    expect(skip.queue).toHaveLength(1);

    const sc = await counting(() => app.request(`/api/sessions/${s.id}/scorecard`, { token }));
    expect(sc.value.status).toBe(200);
    // Session, turns and grades in one query; the model usage in a second.
    expect(sc.queries).toHaveLength(auth + 2);
  });

  it("history takes the same two queries for one session or many", async () => {
    const app = await start();
    const token = await app.candidate();
    const history = () =>
      counting(async () => (await (await app.request("/api/sessions", { token })).json()) as HistoryT);
    await app.request("/api/sessions", { method: "POST", token, json: { preset: "full-loop" } });
    const one = await history();
    expect(one.value.sessions).toHaveLength(1);
    for (let i = 0; i < 4; i++) {
      await app.request("/api/sessions", { method: "POST", token, json: { preset: "full-loop" } });
    }
    const five = await history();
    expect(five.value.sessions).toHaveLength(5);
    expect(five.queries).toHaveLength(one.queries.length);
    expect(five.queries).toHaveLength(1 + 2);
  });
});
