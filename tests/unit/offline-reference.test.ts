import { describe, expect, it } from "vitest";
import {
  gradeAgainstReference,
  REFERENCE_MAPPING,
  type ReferenceEvidence,
  referenceEvidence,
  scaleShare,
} from "../../src/grading/offline/reference.ts";
import { buildTermWeights } from "../../src/text/idf.ts";

const weights = buildTermWeights([]);
const scale = { min: 0, max: 5 };
const question = "What is the difference between a stack and a queue?";
const referenceAnswer =
  "A stack removes elements in last-in, first-out order: the most recently pushed item is popped first. " +
  "A queue removes them in first-in, first-out order: items leave in the order they were enqueued, added at " +
  "the back and taken from the front.";
const evidenceOf = (question: string, referenceAnswer: string, answer: string) =>
  referenceEvidence({ question, referenceAnswer, answer }, weights);
const grade = (answer: string) => gradeAgainstReference({ question, referenceAnswer, answer, scale }, weights).score;

describe("reference grading", () => {
  it("matches an acronym to its expansion", () => {
    const e = referenceEvidence({ question, referenceAnswer, answer: "A stack is LIFO and a queue is FIFO." }, weights);
    expect(e.precision).toBe(1);
    expect(e.recall).toBeGreaterThan(0);
    expect(grade("A stack is LIFO and a queue is FIFO.")).toBeGreaterThan(
      grade("A stack is ABCD and a queue is WXYZ."),
    );
  });

  it("does not score a short correct answer in other words near the bottom", () => {
    const short = grade("The last thing pushed comes off first in a stack; a queue serves items in arrival order.");
    expect(short).toBeGreaterThanOrEqual(3.5);
    expect(grade("A stack is stored in a database and a queue is a kind of printer.")).toBeLessThan(short - 1);
  });

  it("gives the minimum to empty, don't-know and restated-question answers", () => {
    expect(grade("")).toBe(0);
    expect(grade("I don't know, sorry.")).toBe(0);
    expect(grade("No idea.")).toBe(0);
    expect(grade("The difference between a stack and a queue.")).toBe(0);
  });

  it("scores a correct paraphrase well above a wrong answer on the same subject", () => {
    const paraphrase = grade(
      "Stacks hand back whatever went in last; queues serve items in arrival order, oldest first.",
    );
    const wrong = grade("A stack is stored in a database and a queue is a kind of printer.");
    expect(paraphrase).toBeGreaterThanOrEqual(3.5);
    expect(wrong).toBeLessThanOrEqual(2.5);
    expect(paraphrase - wrong).toBeGreaterThanOrEqual(1.5);
  });

  it("maps evidence to the scale monotonically, from the floor up to the top", () => {
    const base: ReferenceEvidence = {
      recall: 0,
      precision: 0,
      ownTerms: 1,
      matchedTerms: 0,
      referenceTerms: 10,
      contradicts: false,
    };
    let last = -1;
    for (let k = 0; k <= 10; k++) {
      const share = scaleShare({
        ...base,
        recall: k / 10,
        precision: k / 10,
        matchedTerms: k,
        ownTerms: Math.max(1, k),
      });
      expect(share).toBeGreaterThanOrEqual(last);
      expect(share).toBeGreaterThanOrEqual(REFERENCE_MAPPING.floor);
      expect(share).toBeLessThanOrEqual(1);
      last = share;
    }
    expect(last).toBe(1);
  });

  it("credits length only up to about two sentences, so filler cannot buy the top", () => {
    const off = "A stack is stored in a database and a queue is a kind of printer.";
    const padded = `${off} ${"Honestly there are lots of considerations around performance, budgets, teams and timelines. ".repeat(20)}`;
    expect(grade(padded)).toBeLessThan(4);
    expect(grade(padded)).toBeLessThan(grade(referenceAnswer));
  });

  it("stays on the dataset's scale", () => {
    const s = gradeAgainstReference(
      { question, referenceAnswer, answer: referenceAnswer, scale: { min: 1, max: 3 } },
      weights,
    ).score;
    expect(s).toBe(3);
    const low = gradeAgainstReference({ question, referenceAnswer, answer: "", scale: { min: 1, max: 3 } }, weights);
    expect(low.score).toBe(1);
    const answers = ["", "No idea.", "Bananas.", "A stack is LIFO.", referenceAnswer, `${referenceAnswer} `.repeat(30)];
    for (const scale of [
      { min: 0, max: 1 },
      { min: 2, max: 10 },
    ]) {
      for (const answer of answers) {
        const s = gradeAgainstReference({ question, referenceAnswer, answer, scale }, weights).score;
        expect(s).toBeGreaterThanOrEqual(scale.min);
        expect(s).toBeLessThanOrEqual(scale.max);
      }
    }
  });

  it("credits a correct answer in everyday synonyms of the reference's words", () => {
    expect(
      grade("A stack discards the newest entry first, while a queue discards entries in the sequence they arrived."),
    ).toBeGreaterThanOrEqual(3.5);
  });

  it("scores an answer that denies what the reference asserts low, with the reason", () => {
    const affirmed =
      "A queue removes items in the order they were enqueued; a stack pops the most recently pushed item first.";
    const denied =
      "A queue does not remove items in the order they were enqueued, and a stack never pops the most recently pushed item first.";
    expect(referenceEvidence({ question, referenceAnswer, answer: denied }, weights).contradicts).toBe(true);
    expect(referenceEvidence({ question, referenceAnswer, answer: affirmed }, weights).contradicts).toBe(false);
    expect(grade(affirmed)).toBeGreaterThanOrEqual(4);
    expect(grade(denied)).toBeLessThanOrEqual(2.5);
    expect(grade(affirmed) - grade(denied)).toBeGreaterThanOrEqual(1.5);
    expect(gradeAgainstReference({ question, referenceAnswer, answer: denied, scale }, weights).rationale).toContain(
      "denies something the reference asserts",
    );
  });

  it("does not take a contrast for a contradiction", () => {
    // It denies "remove" of the stack but asserts it of the queue: the two-sided answers a comparison asks for.
    const contrast = "A queue removes items at the front; a stack does not remove them there but at the top.";
    expect(referenceEvidence({ question, referenceAnswer, answer: contrast }, weights).contradicts).toBe(false);
    // A denial the reference makes too ("cannot be taken away" / "can't be taken away") agrees with it.
    const e = referenceEvidence(
      {
        question: "What conditions are needed for a deadlock?",
        referenceAnswer: "No preemption: resources cannot be taken away from the process holding them.",
        answer: "Resources can't be taken away from their holder.",
      },
      weights,
    );
    expect(e.contradicts).toBe(false);
  });

  it("never raises the share for a contradiction", () => {
    const e: ReferenceEvidence = {
      recall: 0.5,
      precision: 0.8,
      ownTerms: 8,
      matchedTerms: 6,
      referenceTerms: 10,
      contradicts: false,
    };
    expect(scaleShare({ ...e, contradicts: true })).toBeLessThan(scaleShare(e));
    expect(scaleShare({ ...e, contradicts: true })).toBeGreaterThanOrEqual(0);
  });

  it("credits a short answer the reference supports throughout above the same answer with an unsupported claim", () => {
    const supported = grade("A stack is LIFO and a queue is FIFO.");
    expect(supported).toBeGreaterThanOrEqual(4);
    expect(supported - grade("A stack is LIFO and a queue is a printer.")).toBeGreaterThanOrEqual(1);
  });

  it("matches synonym phrases that turn on a particle ('shares out' for 'distributes')", () => {
    const e = evidenceOf(
      "What does a load balancer do?",
      "It distributes incoming requests across servers.",
      "It shares out incoming requests.",
    );
    expect(e.matchedTerms).toBe(e.ownTerms);
    expect(e.precision).toBe(1);
  });

  it("matches an irregular past form to its verb ('undone' for 'undoes')", () => {
    const e = evidenceOf(
      "What does atomicity mean for a transaction?",
      "If any step fails, the database undoes every change the transaction made.",
      "Changes made are undone when a step fails.",
    );
    expect(e.matchedTerms).toBe(e.ownTerms);
  });

  it("weighs a synonym as the common word it stands for, not as the rarest term", () => {
    // "fast" and "cheap" are equally common; "quick" is a synonym of "fast" that the corpus never uses.
    const common = buildTermWeights(Array.from({ length: 20 }, (_, i) => `fast cheap doc${i}`));
    const input = { question: "Why add a cache?", referenceAnswer: "Lookups become fast and cheap, sparing the disk." };
    const viaSynonym = referenceEvidence({ ...input, answer: "They are quick." }, common);
    const viaWord = referenceEvidence({ ...input, answer: "They are cheap." }, common);
    expect(viaSynonym.recall).toBeGreaterThan(0);
    expect(viaSynonym.recall).toBeCloseTo(viaWord.recall, 6);
  });
});
