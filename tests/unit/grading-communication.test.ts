import { describe, expect, it } from "vitest";
import { assessCommunication } from "../../src/grading/offline/communication.ts";
import { answerWindows } from "../../src/grading/offline/keypoints.ts";
import { countWords } from "../../src/text/words.ts";

/** Structured, in sentences, long enough for four minutes, with no link to users or the business. */
const ANSWER =
  "First I would fit the simplest model on the raw columns and keep its validation score as the baseline. " +
  "Then I would add the engineered columns one group at a time, because that shows which group earns its place. " +
  "Next I would tune the depth and the learning rate with five folds, and finally I would refit on all the " +
  "training rows and score the untouched test split once.";
const windows = answerWindows([{ turnId: "t1", kind: "question", prompt: "How would you build it?", answer: ANSWER }]);
const clarity = (addressed: number) => assessCommunication(windows, countWords(ANSWER), 4, addressed, false);

describe("clarity follows how much of the question the answer addresses", () => {
  it("a tidy answer that leaves much of the question unaddressed is held at 2, and says why", () => {
    const held = clarity(0.5);
    expect(held.level).toBe(2);
    expect(held.rationale).toMatch(/capped at 2 because much of the question was not addressed/);
  });

  it("the same answer addressing most of the question earns 3, and nearly all of it 4", () => {
    expect(clarity(0.7).level).toBe(3);
    expect(clarity(0.7).rationale).toMatch(/no link to users, cost or product impact/);
    const thorough = clarity(0.85);
    expect(thorough.level).toBe(4);
    expect(thorough.rationale).toMatch(/addresses nearly all of the question/);
  });

  it("a list of terms earns no more for covering the question", () => {
    expect(assessCommunication(windows, countWords(ANSWER), 4, 0.9, true).level).toBeLessThanOrEqual(2);
  });
});
