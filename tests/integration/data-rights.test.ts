import { afterEach, describe, expect, it } from "vitest";
import type { DataExportT, DeletedCountsT, MeSummaryT, SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { rowsOf as rowsIn } from "../support/candidate-rows.ts";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const ANSWER =
  "Overfitting is when the model memorises noise in the training data, so it does well on the training set but " +
  "generalises poorly. I would add L2 regularisation, dropout and early stopping.";

/** A finished one-question session with a graded answer and a kept recording, made through the API. */
async function sessionWithEverything(app: TestApp, token: string) {
  const created = await app.request("/api/sessions", {
    method: "POST",
    token,
    json: { questionIds: ["overfitting"], maxFollowups: 0, mode: "spoken" },
  });
  expect(created.status).toBe(201);
  const session = (await created.json()) as SessionViewT;
  const turnId = session.current?.turnId as string;
  const clip = await app.request(`/api/speech/clips?sessionId=${session.id}&turnId=${turnId}&durationMs=2000`, {
    method: "POST",
    token,
    headers: { "content-type": "audio/webm;codecs=opus" },
    body: new Uint8Array(1500).fill(7),
  });
  expect(clip.status).toBe(201);
  const answered = await app.request(`/api/sessions/${session.id}/answers`, {
    method: "POST",
    token,
    json: { turnId, text: ANSWER, mode: "spoken", durationMs: 20_000 },
  });
  expect(answered.status).toBe(200);
  await app.services.grading.idle();
  return { sessionId: session.id, clipId: ((await clip.json()) as { id: string }).id };
}

const rowsOf = (app: TestApp, candidateId: string) => rowsIn(app.database.db, candidateId);

async function me(app: TestApp, token: string): Promise<MeSummaryT> {
  const res = await app.request("/api/me", { token });
  expect(res.status).toBe(200);
  return (await res.json()) as MeSummaryT;
}

describe("export and erase", () => {
  it("exports everything, erases the candidate, and a second export is refused", async () => {
    t = await startTestApp();
    const token = await t.candidate();
    const bystander = await t.candidate();
    const mine = await sessionWithEverything(t, token);
    const theirs = await sessionWithEverything(t, bystander);
    const { candidateId } = await me(t, token);

    const res = await t.request("/api/me/export", { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="mockloop-export-\d{4}-\d\d-\d\d\.json"$/,
    );
    const data = (await res.json()) as DataExportT;
    expect(data.candidate.id).toBe(candidateId);
    expect(data.sessions.map((s) => s.id)).toEqual([mine.sessionId]);
    const [session] = data.sessions;
    expect(session?.turns[0]?.answer).toBe(ANSWER);
    expect(session?.turns[0]).toMatchObject({ answerMode: "spoken", delivery: expect.objectContaining({ words: 31 }) });
    expect(session?.grades[0]).toMatchObject({ status: "graded", grader: "offline" });
    expect(session?.recordings).toEqual([
      expect.objectContaining({ id: mine.clipId, bytes: 1500, mimeType: "audio/webm;codecs=opus" }),
    ]);
    // The link plays the recording with the same token, and with no other.
    const link = new URL(session?.recordings[0]?.url as string);
    expect((await t.request(link.pathname, { token })).status).toBe(200);
    expect((await t.request(link.pathname, { token: bystander })).status).toBe(404);

    expect(await rowsOf(t, candidateId)).toMatchObject({
      candidates: 1,
      sessions: 1,
      turns: 1,
      grades: 1,
      audio_clips: 1,
    });
    const erased = await t.request("/api/me", { method: "DELETE", token });
    expect(erased.status).toBe(200);
    expect(((await erased.json()) as DeletedCountsT).deleted).toEqual({
      sessions: 1,
      turns: 1,
      grades: 1,
      recordings: 1,
      modelCalls: 0,
    });
    const after = await rowsOf(t, candidateId);
    expect(after).toMatchObject({ candidates: 0, sessions: 0, turns: 0, grades: 0, audio_clips: 0 });
    // The bystander's data is untouched: one turn and one clip remain in the whole database.
    expect(after).toMatchObject({ allTurns: 1, allClips: 1 });

    const again = await t.request("/api/me/export", { token });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { code: string }).code).toBe("unauthorized");
    expect((await t.request(link.pathname, { token })).status).toBe(401);
    const theirExport = (await (await t.request("/api/me/export", { token: bystander })).json()) as DataExportT;
    expect(theirExport.sessions.map((s) => s.id)).toEqual([theirs.sessionId]);
  });

  it("erases one session and its recording; the export no longer lists it", async () => {
    t = await startTestApp();
    const token = await t.candidate();
    const first = await sessionWithEverything(t, token);
    const second = await sessionWithEverything(t, token);
    const { candidateId } = await me(t, token);
    expect((await me(t, token)).recordings).toBe(2);

    const stranger = await t.candidate();
    const refused = await t.request(`/api/sessions/${first.sessionId}`, { method: "DELETE", token: stranger });
    expect(refused.status).toBe(404);

    const res = await t.request(`/api/sessions/${first.sessionId}`, { method: "DELETE", token });
    expect(res.status).toBe(200);
    expect(((await res.json()) as DeletedCountsT).deleted).toMatchObject({ sessions: 1, turns: 1, recordings: 1 });
    expect((await t.request(`/api/sessions/${first.sessionId}`, { token })).status).toBe(404);
    expect((await t.request(`/api/speech/clips/${first.clipId}`, { token })).status).toBe(404);
    expect((await t.request(`/api/sessions/${first.sessionId}`, { method: "DELETE", token })).status).toBe(404);

    const data = (await (await t.request("/api/me/export", { token })).json()) as DataExportT;
    expect(data.sessions.map((s) => s.id)).toEqual([second.sessionId]);
    expect(await rowsOf(t, candidateId)).toMatchObject({ candidates: 1, sessions: 1, turns: 1, audio_clips: 1 });
    expect(await me(t, token)).toMatchObject({ sessions: 1, recordings: 1, recordingBytes: 1500 });
  });

  it("exports an empty history for a new candidate and says how long recordings are kept", async () => {
    t = await startTestApp({}, { MOCKLOOP_RECORDING_RETENTION_DAYS: "7" });
    const token = await t.candidate();
    const data = (await (await t.request("/api/me/export", { token })).json()) as DataExportT;
    expect(data.sessions).toEqual([]);
    expect(await me(t, token)).toMatchObject({ sessions: 0, recordings: 0, recordingRetentionDays: 7 });
    expect((await t.request("/api/me/export")).status).toBe(401);
  });
});
