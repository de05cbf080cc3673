import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeViewT, ScorecardT, SessionViewT } from "../../src/api/schemas.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import {
  FUNCTION_WORD_LISTS,
  filler,
  GERMAN_OVERFITTING,
  PARAPHRASE,
  paddedBullets,
  phraseList,
  recited,
  repeatedTo,
  SHALLOW,
} from "../support/grading-probes.ts";
import { gradeOneAnswer, hub } from "../support/llm-app.ts";

/** The probes, each through the API with the default (offline) grader. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const q = (id: string) => hub().questionsById.get(id)!;
const maxLevel = (g: GradeViewT) => Math.max(...g.competencies.map((c) => c.level ?? 0));
const keyPointLevels = (g: GradeViewT) =>
  g.competencies.filter((c) => c.competencyId !== "communication-clarity").map((c) => c.level ?? 0);

async function capped(id: string, answer: string, reason: RegExp) {
  const { grade } = await gradeOneAnswer(t, q(id), answer);
  expect(grade.status).toBe("graded");
  expect(maxLevel(grade)).toBeLessThanOrEqual(2);
  expect(grade.notice).toMatch(reason);
  expect(grade.improvements.join(" ")).toMatch(reason);
  return grade;
}

describe("grading probes through the API", () => {
  it("an answer that only names L1 and L2 stays at 2 or below, and no strength claims what it lacks", async () => {
    const answer = SHALLOW.regularization[0];
    const { grade } = await gradeOneAnswer(t, q("regularization"), answer);
    expect(maxLevel(grade)).toBeLessThanOrEqual(2);
    expect(grade.keyPoints.filter((k) => k.status === "covered").map((k) => k.keyPointId)).not.toContain("l1");
    expect(grade.strengths.join(" ")).not.toMatch(/zero|sparse|feature selection|correlated/i);
    for (const s of grade.strengths) expect(answer).toContain(s.match(/“(.*)”/)?.[1] ?? "<unquoted strength>");
  });

  it("caps a phrase list cut from the bank, with and without padding words", async () => {
    await capped("overfitting", phraseList(q("overfitting")), /list of short phrases/);
    await capped("regularization", paddedBullets(q("regularization")), /list of short phrases/);
  });

  it("caps a phrase list in the candidate's own words, articles and prepositions included", async () => {
    for (const { id, answer } of [FUNCTION_WORD_LISTS.semicolon, FUNCTION_WORD_LISTS.bullets]) {
      await capped(id, answer, /list of short phrases; phrases can name a point but not explain it/);
    }
  });

  it("caps recited key points and the pasted model answer", async () => {
    await capped("overfitting", recited(q("overfitting")), /published key points almost word for word/);
    await capped("regularization", q("regularization").modelAnswer, /copies \d+% of this question's model answer/);
  });

  it("caps an answer repeated to 20,000 characters and grades it once", async () => {
    const grade = await capped("overfitting", repeatedTo(PARAPHRASE.overfitting, 20_000), /repeats itself/);
    expect(grade.notice).toMatch(/graded once, without the repeats/);
  });

  it("caps 15,000 characters of filler around a good answer", async () => {
    const answer = `${filler(7_500)} ${PARAPHRASE.overfitting} ${filler(7_500)}`;
    expect(answer.length).toBeGreaterThan(15_000);
    await capped("overfitting", answer, /far more than a 4-minute question allows|unrelated to the question/);
  });

  it("gives a strong answer in other words 3 or more", async () => {
    for (const id of ["overfitting", "regularization"] as const) {
      const { grade } = await gradeOneAnswer(t, q(id), PARAPHRASE[id]);
      for (const level of keyPointLevels(grade)) expect(level, id).toBeGreaterThanOrEqual(3);
      expect(grade.strengths.length).toBeGreaterThan(0);
    }
  });

  it("leaves a German answer ungraded with the reason", async () => {
    const { grade, scorecard } = await gradeOneAnswer(t, q("overfitting"), GERMAN_OVERFITTING);
    expect(grade.status).toBe("ungraded");
    expect(grade.reason).toMatch(/German: the offline grader reads English only; configure a model/);
    expect(grade.competencies).toEqual([]);
    expect(scorecard.scorecard.counts.ungraded).toBe(1);
  });

  it("a one-question session with a follow-up, as in the README walk-through, ends without a verdict", async () => {
    const token = await t.candidate();
    const created = await t.request("/api/sessions", {
      method: "POST",
      token,
      json: { questionIds: ["overfitting"], maxFollowups: 1 },
    });
    const session = (await created.json()) as SessionViewT;
    let current = session.current;
    const replies = [PARAPHRASE.overfitting, "I keep a held-out test set that I look at once, for the final number."];
    for (const text of replies) {
      if (!current) break;
      const res = await t.request(`/api/sessions/${session.id}/answers`, {
        method: "POST",
        token,
        json: { turnId: current.turnId, text },
      });
      current = ((await res.json()) as { next: typeof current }).next;
    }
    await t.services.grading.idle();
    const sc = (await (await t.request(`/api/sessions/${session.id}/scorecard`, { token })).json()) as ScorecardT;
    expect(sc.session.status).toBe("completed");
    expect(sc.answers[0]?.grade?.status).toBe("graded");
    expect(sc.scorecard.overall).not.toBeNull();
    expect(sc.scorecard.recommendation).toBe("insufficient-evidence");
    expect(sc.scorecard.recommendationLabel).toMatch(/practice/i);
    expect(sc.scorecard.derivation.join(" ")).toMatch(/at least 3 graded bank questions and this session has 1/);
  });
});
