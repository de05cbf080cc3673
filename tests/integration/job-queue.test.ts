import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionViewT } from "../../src/api/schemas.ts";
import { grades, jobs } from "../../src/db/schema.ts";
import { claimJob, renewLeases, settleJob } from "../../src/queue/store.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const ANSWER = "Overfitting means the model memorises noise in the training data, so it fails to generalise.";

/** A session with one answered question whose grade job is queued but not yet run. */
async function queuedGrade(app: TestApp) {
  const token = await app.candidate();
  const created = (await (
    await app.request("/api/sessions", {
      method: "POST",
      token,
      json: { questionIds: ["overfitting"], maxFollowups: 0 },
    })
  ).json()) as SessionViewT;
  app.services.grading.stop();
  const res = await app.request(`/api/sessions/${created.id}/answers`, {
    method: "POST",
    token,
    json: { turnId: created.current?.turnId, text: ANSWER },
  });
  expect(res.status).toBe(200);
  const [grade] = await app.database.db.select().from(grades).where(eq(grades.sessionId, created.id));
  const [job] = await app.database.db.select().from(jobs).where(eq(jobs.gradeId, grade!.id));
  return { grade: grade!, job: job! };
}

describe("job queue", () => {
  it("queues a job with the grade, and only the lease holder can renew or settle it", async () => {
    t = await startTestApp();
    const { job } = await queuedGrade(t);
    expect(job).toMatchObject({ kind: "grade", status: "queued", attempts: 0, leaseOwner: null });
    const db = t.database.db;
    const claimed = await claimJob(db, "one", 60_000);
    expect(claimed?.job).toMatchObject({ id: job.id, status: "running", attempts: 1, leaseOwner: "one" });
    expect(claimed?.more).toBe(false);
    // Held and not expired: nobody else gets it.
    expect(await claimJob(db, "two", 60_000)).toBeNull();
    expect([...(await renewLeases(db, "two", [job.id], 60_000))]).toEqual([]);
    expect([...(await renewLeases(db, "one", [job.id], 60_000))]).toEqual([job.id]);
    expect(await settleJob(db, job.id, "two", { status: "done" })).toBe(false);
    // Expired: another instance takes it over, and the first owner can no longer settle it.
    await db
      .update(jobs)
      .set({ leaseExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(jobs.id, job.id));
    expect((await claimJob(db, "two", 60_000))?.job).toMatchObject({ id: job.id, attempts: 2, leaseOwner: "two" });
    expect(await settleJob(db, job.id, "one", { status: "done" })).toBe(false);
    expect(await settleJob(db, job.id, "two", { status: "done" })).toBe(true);
  });

  it("says whether another job was due when it claimed one, so a worker knows whether to claim again", async () => {
    t = await startTestApp();
    const first = await queuedGrade(t);
    const second = await queuedGrade(t);
    const db = t.database.db;
    const a = await claimJob(db, "one", 60_000);
    expect(a).toMatchObject({ job: { id: first.job.id }, more: true });
    // The other due job is the one just claimed by a: running under a live lease, it is not due.
    const b = await claimJob(db, "one", 60_000);
    expect(b).toMatchObject({ job: { id: second.job.id }, more: false });
    expect(await claimJob(db, "one", 60_000)).toBeNull();
  });

  it("stores a grade whose attempts are used up (its workers kept dying) as ungraded with the reason", async () => {
    t = await startTestApp({}, { QUEUE_MAX_ATTEMPTS: "3" });
    const { grade, job } = await queuedGrade(t);
    // Three workers claimed it and died without finishing; the last lease has run out.
    await t.database.db
      .update(jobs)
      .set({ status: "running", attempts: 3, leaseOwner: "dead", leaseExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(jobs.id, job.id));
    await t.services.grading.start();
    await t.services.grading.idle();
    const [after] = await t.database.db.select().from(grades).where(eq(grades.id, grade.id));
    expect(after?.status).toBe("ungraded");
    expect(after?.reason).toBe("not graded: gave up after 3 attempts (the last did not finish: its process stopped)");
    const [failed] = await t.database.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(failed).toMatchObject({ status: "failed", leaseOwner: null });
  });
});
