import { describe, expect, it } from "vitest";
import { normalizeWithMap, verifyQuotes } from "../../src/grading/llm/quotes.ts";
import type { ExchangeTurn } from "../../src/grading/types.ts";

const exchange: ExchangeTurn[] = [
  {
    turnId: "main",
    kind: "question",
    prompt: "How would you handle class imbalance?",
    answer:
      "First I’d check the base rate.\nThen I would   weight the minority class, and tune the threshold on a validation set.",
  },
  {
    turnId: "follow",
    kind: "followup",
    prompt: "Which metric?",
    answer: "PR-AUC, because accuracy hides the rare class.",
  },
];

describe("quote verification", () => {
  it("forgives case, whitespace and typographic quotes, and returns the candidate's exact characters", () => {
    const check = verifyQuotes(["then I WOULD weight the minority class", "first i'd check the base rate."], exchange);
    expect(check.invented).toEqual([]);
    expect(check.verified).toEqual([
      expect.objectContaining({ quote: "Then I would   weight the minority class", turnId: "main" }),
      expect.objectContaining({ quote: "First I’d check the base rate.", turnId: "main" }),
    ]);
  });

  it("finds quotes in follow-up answers and points at that turn", () => {
    const check = verifyQuotes(["accuracy hides the rare class"], exchange);
    expect(check.verified[0]).toMatchObject({ turnId: "follow", quote: "accuracy hides the rare class" });
  });

  it("accepts fragments joined by an ellipsis only if every fragment occurs", () => {
    expect(
      verifyQuotes(["weight the minority class ... tune the threshold on a validation set"], exchange).verified,
    ).toHaveLength(2);
    const bad = verifyQuotes(["weight the minority class ... and then deploy it with a canary"], exchange);
    expect(bad.invented).toHaveLength(1);
  });

  it("reports paraphrases and words from the question as invented", () => {
    const check = verifyQuotes(["I would reweight the rare class", "How would you handle class imbalance"], exchange);
    expect(check.invented).toHaveLength(2);
    expect(check.verified).toEqual([]);
  });

  it("drops quotes too short to be evidence, unless they are the whole answer", () => {
    const short = verifyQuotes(["the base"], exchange);
    expect(short.tooShort).toEqual(["the base"]);
    expect(short.verified).toEqual([]);
    const whole = verifyQuotes(
      ["Use dropout"],
      [{ turnId: "x", kind: "question", prompt: "p", answer: "Use dropout." }],
    );
    expect(whole.verified).toHaveLength(1);
  });

  it("keeps an index map back to the original text (a collapsed space maps to the next character)", () => {
    const { norm, map } = normalizeWithMap("  A\u2019b \n\t C ");
    expect(norm).toBe("a'b c");
    expect(map).toEqual([2, 3, 4, 9, 9]);
  });
});
