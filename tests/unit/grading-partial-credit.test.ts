import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.ts";
import type { Question } from "../../src/content/schema.ts";
import { dismisses } from "../../src/grading/offline/clauses.ts";
import { OfflineGrader } from "../../src/grading/offline/grader.ts";
import { keyPointMatcher } from "../../src/grading/offline/keypoints.ts";
import type { WindowSpans } from "../../src/grading/offline/windows.ts";
import type { ExchangeTurn } from "../../src/grading/types.ts";
import { UNIFORM_WEIGHTS } from "../../src/text/idf.ts";
import { phraseList } from "../support/grading-probes.ts";

const content = loadContent();
const hub = content.hub("ml-engineer")!;
const grader = OfflineGrader.forContent(content);
const q = (id: string) => hub.questionsById.get(id)!;
const one = (question: Question, answer: string): ExchangeTurn[] => [
  { turnId: "t1", kind: "question", prompt: question.text, answer },
];

/** A made-up question, so the rules are tested apart from the bank's wording. */
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
const matcher = keyPointMatcher(toy, UNIFORM_WEIGHTS);
const toyMatch = (answer: string, spans?: (answer: string) => WindowSpans) =>
  Object.fromEntries(matcher.match(one(toy, answer), spans?.(answer)).map((m) => [m.keyPoint.id, m]));
const whole = (answer: string) => [{ turnId: "t1", start: 0, end: answer.length }];

describe("lists earn no partial credit", () => {
  const list = "blorp filter, quiet ones, before the run, constant memory, fixed footprint";

  it("a point named only inside a phrase list is missed; named in a statement it is partly covered", () => {
    expect(toyMatch(list).mechanism?.status).toBe("partial");
    expect(toyMatch(list, (a) => ({ phrases: whole(a) })).mechanism?.status).toBe("missed");
    expect(toyMatch(list, (a) => ({ listed: whole(a) })).mechanism?.status).toBe("missed");
    // A clause outside the listed phrases makes the sentence a statement that names the point.
    const said = `I would put in ${list}`;
    const phrases = (a: string) => ({ phrases: [{ turnId: "t1", start: a.indexOf("blorp"), end: a.length }] });
    expect(toyMatch(said, phrases).mechanism?.status).toBe("partial");
  });

  it("a bare term with no clause is not partly covered; the same term in a sentence is", () => {
    expect(toyMatch("Blorp filter.").mechanism?.status).toBe("missed");
    expect(toyMatch("I would add a blorp filter.").mechanism?.status).toBe("partial");
    expect(toyMatch("It needs only constant memory.").plain?.status).toBe("covered");
  });

  it("an explanation inside a list still covers a point when no guard made the list naming-only", () => {
    const answer = "A blorp filter removes quiet samples before the model trains on them, in constant memory";
    expect(toyMatch(answer, (a) => ({ phrases: whole(a) })).mechanism?.status).toBe("covered");
  });

  it("the bank's phrasings cut into a comma list get level 1 and no partly covered point", () => {
    for (const id of ["overfitting", "regularization"]) {
      const answer = phraseList(q(id));
      const r = grader.gradeSync(q(id), hub.rubric, one(q(id), answer));
      expect(
        r.keyPoints.filter((k) => k.status !== "missed"),
        id,
      ).toEqual([]);
      for (const c of r.competencies) expect(c.level, `${id} ${c.competencyId}`).toBe(1);
    }
  });
});

describe("the quote for a partly covered point supports it", () => {
  it("quotes the sentence that names the point, not its neighbour", () => {
    const answer = "Training loss keeps falling for a while. I would add a blorp filter.";
    const m = toyMatch(answer).mechanism;
    expect(m?.status).toBe("partial");
    expect(m?.window?.quote).toBe("I would add a blorp filter.");
    expect(matcher.support("mechanism", m?.window?.quote ?? "")).toBeGreaterThan(
      matcher.support("mechanism", "Training loss keeps falling for a while."),
    );
  });

  it("feedback on a bank question quotes, for each partly covered point, a sentence that supports it", () => {
    const answer =
      "Training loss keeps falling while validation loss rises. There is L1, which is Lasso, and L2, which is " +
      "Ridge. Dropout is another one. You pick depending on the problem and tune lambda.";
    const question = q("regularization");
    const r = grader.gradeSync(question, hub.rubric, one(question, answer));
    const partial = r.keyPoints.filter((k) => k.status === "partial");
    expect(partial.length).toBeGreaterThan(0);
    for (const k of partial) {
      for (const e of k.evidence)
        expect(grader.quoteSupport(question, k.keyPointId, e.quote), k.keyPointId).toBeGreaterThan(0.3);
    }
    expect(r.improvements.join(" ")).not.toContain("Training loss keeps falling");
  });
});

describe("waving a point away does not make it", () => {
  it("recognises sentences that say something is not needed, and not warnings or contrasts", () => {
    for (const t of [
      "Per-language evaluation isn't needed.",
      "Calling zero_grad is optional.",
      "No need to alert, yesterday's data is close enough.",
      "The type of data doesn't really change this.",
      "Latency isn’t really a factor here.",
    ])
      expect(dismisses(t), t).toBe(true);
    for (const t of [
      "Don't trust accuracy on a 0.5% positive rate.",
      "Resample only inside the training fold, never before the split.",
      "Use precision and recall, not accuracy.",
    ])
      expect(dismisses(t), t).toBe(false);
  });

  it("a sentence that dismisses a point neither covers nor partly covers it", () => {
    const made = "A blorp filter removes quiet samples before the model trains on them.";
    expect(toyMatch(made).mechanism?.status).toBe("covered");
    const denied = "A blorp filter is not needed, it removes quiet samples before the model trains on them.";
    expect(toyMatch(denied).mechanism?.status).toBe("missed");
    expect(toyMatch("I would add a blorp filter, though constant memory is not important.").mechanism?.status).toBe(
      "missed",
    );
  });
});
