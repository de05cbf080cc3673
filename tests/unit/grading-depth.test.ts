import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.ts";
import type { Question } from "../../src/content/schema.ts";
import { OfflineGrader } from "../../src/grading/offline/grader.ts";
import { keyPointMatcher } from "../../src/grading/offline/keypoints.ts";
import type { ExchangeTurn } from "../../src/grading/types.ts";
import { UNIFORM_WEIGHTS } from "../../src/text/idf.ts";
import { buildLexicon } from "../../src/text/lexicon.ts";
import { PARAPHRASE, SHALLOW } from "../support/grading-probes.ts";

const content = loadContent();
const hub = content.hub("ml-engineer")!;
const grader = OfflineGrader.forContent(content);
const q = (id: string) => hub.questionsById.get(id)!;
const one = (question: Question, answer: string): ExchangeTurn[] => [
  { turnId: "t1", kind: "question", prompt: question.text, answer },
];
const grade = (id: string, answer: string) => grader.gradeSync(q(id), hub.rubric, one(q(id), answer));
const keyPointLevels = (id: string, answer: string) =>
  grade(id, answer)
    .competencies.filter((c) => c.competencyId !== "communication-clarity")
    .map((c) => c.level ?? 0);

/** A made-up question, so the matcher's rules are tested apart from the bank's wording. */
const toy = {
  id: "toy",
  version: 1,
  text: "What does a blorp filter do?",
  keyPoints: [
    {
      id: "mechanism",
      text: "A blorp filter drops the quiet samples before training.",
      weight: 3,
      competencies: ["conceptual-depth"],
      phrasings: ["blorp filter", "blorp filtering"],
      explains: ["removes quiet samples before the model trains on them"],
    },
    {
      id: "plain",
      text: "It runs in constant memory.",
      weight: 1,
      competencies: ["conceptual-depth"],
      phrasings: ["constant memory", "fixed memory footprint"],
    },
  ],
} as unknown as Question;
const toyMatch = (answer: string, lexicon = buildLexicon([])) =>
  Object.fromEntries(
    keyPointMatcher(toy, UNIFORM_WEIGHTS, lexicon)
      .match(one(toy, answer))
      .map((m) => [m.keyPoint.id, m.status]),
  );

describe("naming is not explaining", () => {
  it("a point that is only named is partly covered; explaining it, here or in the next sentence, covers it", () => {
    expect(toyMatch("I would add a blorp filter.").mechanism).toBe("partial");
    expect(toyMatch("A blorp filter removes quiet samples before the model trains on them.").mechanism).toBe("covered");
    expect(
      toyMatch("I would add a blorp filter. It removes quiet samples before the model trains on them.").mechanism,
    ).toBe("covered");
    // Two sentences later is not "next to the name": the explanation must then stand on its own.
    expect(toyMatch("A blorp filter. Then lunch. It removes the quiet ones first.").mechanism).not.toBe("covered");
  });

  it("keeps the old behaviour for key points without explains", () => {
    expect(toyMatch("It needs only constant memory.").plain).toBe("covered");
  });

  it("a synonym from the lexicon counts as the bank's word", () => {
    const answer = "It strips silent examples before the model trains on them.";
    expect(toyMatch(answer).mechanism).not.toBe("covered");
    const lexicon = buildLexicon([
      ["removes", "strips"],
      ["quiet samples", "silent examples"],
    ]);
    expect(toyMatch(answer, lexicon).mechanism).toBe("covered");
  });

  it("answers that only name the right terms stay at 2 or below", () => {
    for (const [id, answers] of Object.entries(SHALLOW)) {
      for (const a of answers) expect(Math.max(...keyPointLevels(id, a)), `${id}: ${a}`).toBeLessThanOrEqual(2);
    }
  });

  it("strong answers in other words reach 3 or more", () => {
    for (const [id, a] of Object.entries(PARAPHRASE)) {
      for (const level of keyPointLevels(id, a)) expect(level, id).toBeGreaterThanOrEqual(3);
    }
  });
});

describe("honest feedback", () => {
  const shallow = SHALLOW.regularization[0];

  it("credits no strength the answer lacks, and quotes the candidate for each one", () => {
    const r = grade("regularization", shallow);
    expect(r.strengths.join(" ")).not.toMatch(/exactly to zero|sparse|correlated/i);
    for (const s of r.strengths) expect(shallow).toContain(s.match(/“(.*)”/)?.[1]?.replace(/…$/, "") ?? "<no quote>");
    const strong = grade("regularization", PARAPHRASE.regularization);
    expect(strong.strengths.length).toBeGreaterThan(0);
    for (const s of strong.strengths) {
      const quoted = s.match(/“(.*)”/)?.[1]?.replace(/…$/, "");
      expect(quoted && PARAPHRASE.regularization.includes(quoted)).toBe(true);
    }
  });

  it("does not ask for a point the answer already made; a named point is asked to be explained", () => {
    const r = grade("regularization", shallow);
    const named = r.keyPoints.filter((k) => k.status === "partial").map((k) => k.keyPointId);
    expect(named.length).toBeGreaterThan(0);
    for (const text of r.improvements) {
      for (const k of q("regularization").keyPoints) {
        if (text === `Missing: ${k.text}`) expect(named).not.toContain(k.id);
      }
    }
    expect(r.improvements.some((i) => /named .* without explaining it/.test(i))).toBe(true);
    const strong = grade("regularization", PARAPHRASE.regularization);
    const covered = new Set(strong.keyPoints.filter((k) => k.status === "covered").map((k) => k.keyPointId));
    for (const k of q("regularization").keyPoints.filter((x) => covered.has(x.id))) {
      expect(strong.improvements.join(" ")).not.toContain(k.text);
    }
  });
});
