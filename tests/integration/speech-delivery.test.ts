import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnswerAcceptedT, ScorecardT, SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({}, { MAX_FOLLOWUPS: "0" });
});
afterEach(async () => {
  await t.close();
});

const SPOKEN =
  "Um, so overfitting is when the model, like, memorises the training data and fails to generalise. " +
  "You know, I would watch the gap between training loss and validation loss, and, uh, add regularisation.";

describe("delivery insights through the API", () => {
  it("are computed for spoken answers from transcript and duration, and shown in transcript and scorecard", async () => {
    const token = await t.candidate();
    const created = await t.request("/api/sessions", {
      method: "POST",
      token,
      json: { questionIds: ["overfitting", "data-leakage"], mode: "spoken" },
    });
    const session = (await created.json()) as SessionViewT;
    const first = session.current;
    expect(first?.questionId).toBe("overfitting");

    const spoken = await t.request(`/api/sessions/${session.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: first?.turnId, text: SPOKEN, mode: "spoken", durationMs: 15_000 },
    });
    const accepted = (await spoken.json()) as AnswerAcceptedT;
    const typed = await t.request(`/api/sessions/${session.id}/answers`, {
      method: "POST",
      token,
      json: {
        turnId: accepted.next?.turnId,
        text: "A typed answer about leakage through target encoding.",
        mode: "typed",
      },
    });
    expect(typed.status).toBe(200);

    const view = (await (await t.request(`/api/sessions/${session.id}`, { token })).json()) as SessionViewT;
    const [spokenTurn, typedTurn] = view.transcript;
    expect(spokenTurn?.answerMode).toBe("spoken");
    expect(spokenTurn?.answerDurationMs).toBe(15_000);
    const d = spokenTurn?.delivery;
    expect(d?.words).toBe(33);
    expect(d?.wordsPerMinute).toBe(132);
    expect(d?.pace).toBe("steady");
    expect(d?.fillers).toEqual([
      { word: "like", count: 1 },
      { word: "uh", count: 1 },
      { word: "um", count: 1 },
      { word: "you know", count: 1 },
    ]);
    expect(d?.fillerCount).toBe(4);
    expect(d?.guidelineMinutes).toBe(
      t.services.content.hub("ml-engineer")?.questionsById.get("overfitting")?.timeGuidelineMinutes,
    );
    expect(d?.length).toBe("short");
    expect(d?.notes.join(" ")).toMatch(/132 words per minute/);
    expect(typedTurn?.answerMode).toBe("typed");
    expect(typedTurn?.delivery).toBeNull();

    const sc = (await (await t.request(`/api/sessions/${session.id}/scorecard`, { token })).json()) as ScorecardT;
    expect(sc.answers[0]?.turns[0]?.delivery?.wordsPerMinute).toBe(132);
  });

  it("reports pace as unknown when a spoken answer has no duration", async () => {
    const token = await t.candidate();
    const session = (await (
      await t.request("/api/sessions", {
        method: "POST",
        token,
        json: { questionIds: ["overfitting"], mode: "spoken" },
      })
    ).json()) as SessionViewT;
    await t.request(`/api/sessions/${session.id}/answers`, {
      method: "POST",
      token,
      json: { turnId: session.current?.turnId, text: SPOKEN, mode: "spoken" },
    });
    const view = (await (await t.request(`/api/sessions/${session.id}`, { token })).json()) as SessionViewT;
    expect(view.transcript[0]?.delivery).toMatchObject({
      wordsPerMinute: null,
      pace: "unknown",
      length: "unknown",
      fillerCount: 4,
    });
  });
});
