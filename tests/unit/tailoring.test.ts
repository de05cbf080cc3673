import { describe, expect, it } from "vitest";
import { planSession, type StartInput } from "../../src/interview/planner.ts";
import { tailorToDescription } from "../../src/interview/tailoring.ts";
import { testContent } from "../support/app.ts";

const content = testContent();
const hub = content.hub("ml-engineer") ?? (undefined as never);

const FRAUD_JD = `Senior Machine Learning Engineer, Payments Risk.
You will own our real-time fraud scoring service, which approves or declines every card transaction in
under 50 ms. Fraud is rare (well under 1% of transactions), so experience with highly imbalanced labels,
precision/recall trade-offs and threshold selection matters. You will build streaming features,
monitor models for drift, and work with analysts on chargebacks. Python, SQL, gradient boosted trees.`;

const UNRELATED_JD = "We are hiring a pastry chef to bake bread and croissants every morning. Laminated dough a plus.";

const fullLoop = (extra: Partial<StartInput> = {}): StartInput => ({
  role: "ml-engineer",
  preset: "full-loop",
  difficulty: "mixed",
  mode: "typed",
  ...extra,
});

const plan = (extra: Partial<StartInput>, recent: string[] = []) =>
  planSession(hub, fullLoop(extra), recent, content.lexicon);

/** The phrases a reason quotes between curly quotes. */
const quoted = (reason: string) => [...reason.matchAll(/“([^”]+)”/g)].map((m) => m[1] as string);

describe("tailoring to a job description", () => {
  it("weighs the fraud, imbalance and threshold questions highest for a fraud-detection description", () => {
    const t = tailorToDescription(hub, FRAUD_JD, content.lexicon);
    const top = [...t.weights]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([id]) => id);
    expect(top).toContain("fraud-detection-latency");
    expect(top).toContain("class-imbalance");
    // Questions about unrelated problems get nothing.
    for (const id of ["attention-transformers", "kmeans-from-scratch", "llm-rag-application"]) {
      expect(t.weights.get(id)).toBe(0);
      expect(t.reason(id)).toBeNull();
    }
  });

  it("says why, quoting the description's own words and naming the question's subject", () => {
    const t = tailorToDescription(hub, FRAUD_JD, content.lexicon);
    const fraud = t.reason("fraud-detection-latency") ?? "";
    expect(fraud).toMatch(/^The description mentions /);
    expect(quoted(fraud)).toContain("real-time fraud scoring");
    expect(fraud).toContain("fraud detection");
    const imbalance = t.reason("class-imbalance") ?? "";
    expect(imbalance).toMatch(/threshold selection|imbalanced|Fraud is rare/);
    for (const [id, w] of t.weights) {
      if (w === 0) continue;
      const phrases = quoted(t.reason(id) ?? "");
      expect(phrases.length, id).toBeGreaterThan(0);
      for (const p of phrases) expect(FRAUD_JD.replace(/\s+/g, " "), id).toContain(p);
    }
  });

  it("draws a full loop that asks the fraud questions, still one per round, whatever the seed", () => {
    for (let seed = 1; seed <= 25; seed++) {
      const p = plan({ jobDescription: FRAUD_JD, planSeed: seed });
      expect(p.questionIds).toHaveLength(6);
      expect(new Set(p.questionIds.map((id) => hub.questionsById.get(id)?.round))).toEqual(
        new Set(hub.role.rounds.map((r) => r.id)),
      );
      expect(p.questionIds).toContain("fraud-detection-latency");
      expect(p.questionIds).toContain("class-imbalance");
      const reason = p.reasons[p.questionIds.indexOf("fraud-detection-latency")];
      expect(reason).toContain("real-time fraud scoring");
    }
  });

  it("gives the question beyond one per round to the round with the most relevant next question", () => {
    const t = tailorToDescription(hub, FRAUD_JD, content.lexicon);
    const p = plan({ jobDescription: FRAUD_JD, planSeed: 7 });
    const byRound = new Map<string, string[]>();
    for (const id of p.questionIds) {
      const round = hub.questionsById.get(id)?.round as string;
      byRound.set(round, [...(byRound.get(round) ?? []), id]);
    }
    const [twice, ids] = [...byRound].find(([, list]) => list.length === 2) ?? ["", []];
    const extraWeight = Math.min(...ids.map((id) => t.weights.get(id) ?? 0));
    // No other round had an unasked question more relevant than the one this round got.
    for (const q of hub.questions) {
      if (q.round === twice || p.questionIds.includes(q.id)) continue;
      expect(t.weights.get(q.id) ?? 0, q.id).toBeLessThanOrEqual(extraWeight);
    }
  });

  it("is deterministic: the same description and seed give the same plan and reasons", () => {
    const a = plan({ jobDescription: FRAUD_JD, planSeed: 42 });
    const b = plan({ jobDescription: FRAUD_JD, planSeed: 42 });
    expect(b).toEqual(a);
    expect([...tailorToDescription(hub, FRAUD_JD, content.lexicon).weights]).toEqual([
      ...tailorToDescription(hub, FRAUD_JD, content.lexicon).weights,
    ]);
  });

  it("leaves the plan unchanged for an empty, blank or unrelated description", () => {
    for (let seed = 1; seed <= 15; seed++) {
      const untailored = plan({ planSeed: seed });
      expect(untailored.reasons.every((r) => r === null)).toBe(true);
      for (const jobDescription of ["", "  \n\t ", UNRELATED_JD]) {
        const p = plan({ jobDescription, planSeed: seed });
        expect(p.questionIds, JSON.stringify(jobDescription)).toEqual(untailored.questionIds);
        expect(p.reasons.every((r) => r === null)).toBe(true);
      }
    }
  });

  it("still avoids a recently seen question, however relevant", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const p = plan({ jobDescription: FRAUD_JD, planSeed: seed }, ["fraud-detection-latency"]);
      expect(p.questionIds).not.toContain("fraud-detection-latency");
      expect(p.questionIds).toContain("class-imbalance");
    }
  });

  it("gives reasons for exactly the questions asked when questionIds are given", () => {
    const p = planSession(
      hub,
      {
        ...fullLoop(),
        preset: undefined,
        questionIds: ["overfitting", "fraud-detection-latency"],
        jobDescription: FRAUD_JD,
      },
      [],
      content.lexicon,
    );
    expect(p.questionIds).toEqual(["overfitting", "fraud-detection-latency"]);
    expect(p.reasons[1]).toContain("fraud");
  });
});
