import { asc } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionViewT } from "../../src/api/schemas.ts";
import { audioClips } from "../../src/db/schema.ts";
import { createLogger } from "../../src/log.ts";
import { purgeExpiredRecordings, RecordingRetention } from "../../src/privacy/retention.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

const DAY = 86_400_000;
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Keeps `n` recordings through the API and returns their ids, oldest first. */
async function keepRecordings(app: TestApp, n: number): Promise<string[]> {
  const token = await app.candidate();
  const res = await app.request("/api/sessions", { method: "POST", token, json: { questionIds: ["overfitting"] } });
  const s = (await res.json()) as SessionViewT;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const up = await app.request(`/api/speech/clips?sessionId=${s.id}&turnId=${s.current?.turnId}`, {
      method: "POST",
      token,
      headers: { "content-type": "audio/webm" },
      body: new Uint8Array(600).fill(i),
    });
    expect(up.status).toBe(201);
    ids.push(((await up.json()) as { id: string }).id);
  }
  return ids;
}

const remaining = async (app: TestApp) =>
  (await app.database.db.select({ id: audioClips.id }).from(audioClips).orderBy(asc(audioClips.createdAt))).map(
    (r) => r.id,
  );

describe("recording retention", () => {
  it("deletes recordings older than the retention period and keeps younger ones", async () => {
    t = await startTestApp();
    const ids = await keepRecordings(t, 2);
    const [first] = await t.database.db.select().from(audioClips).orderBy(asc(audioClips.createdAt));
    if (!first) throw new Error("no recording stored");
    const created = first.createdAt.getTime();
    expect(await purgeExpiredRecordings(t.database.db, 30, new Date(created + 29 * DAY))).toBe(0);
    expect(await remaining(t)).toEqual(ids);
    expect(await purgeExpiredRecordings(t.database.db, 0, new Date(created + 900 * DAY))).toBe(0);
    expect(await purgeExpiredRecordings(t.database.db, 30, new Date(created + 31 * DAY))).toBe(2);
    expect(await remaining(t)).toEqual([]);
  });

  it("runs at start and again on its interval, with the clock it is given", async () => {
    t = await startTestApp();
    await keepRecordings(t, 1);
    const clock = { now: Date.now() };
    const job = new RecordingRetention({
      db: t.database.db,
      retentionDays: 7,
      intervalMs: 40,
      logger: createLogger("silent"),
      now: () => clock.now,
    });
    try {
      expect(await job.start()).toBe(0); // nothing has expired yet
      expect(await remaining(t)).toHaveLength(1);
      clock.now += 8 * DAY;
      await expect.poll(() => remaining(t as TestApp), { timeout: 5000, interval: 50 }).toEqual([]);
      clock.now = Date.now();
      await keepRecordings(t, 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await remaining(t)).toHaveLength(1); // a fresh one survives later runs
    } finally {
      await job.stop();
    }
  });
});
