import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.ts";
import type { Question } from "../../src/content/schema.ts";
import { brokenJoins, fragmentSpans, isClause, runTogetherSpans } from "../../src/grading/guards/lists.ts";
import { shareOfWords } from "../../src/grading/guards/spans.ts";
import { stitchedSpans } from "../../src/grading/guards/stitched.ts";
import { OfflineGrader } from "../../src/grading/offline/grader.ts";
import type { ExchangeTurn } from "../../src/grading/types.ts";
import { UngradableAnswer } from "../../src/grading/types.ts";
import { detectWeakSignals } from "../../src/grading/weak-signals.ts";
import { detectLanguage } from "../../src/text/language.ts";
import { countWords } from "../../src/text/words.ts";
import {
  CLAUSE_ANSWERS,
  FUNCTION_WORD_LISTS,
  filler,
  GERMAN_OVERFITTING,
  PARAPHRASE,
  paddedBullets,
  phraseList,
  recited,
  repeatedTo,
  stitchedProse,
} from "../support/grading-probes.ts";

const content = loadContent();
const hub = content.hub("ml-engineer")!;
const grader = OfflineGrader.forContent(content);
const q = (id: string) => hub.questionsById.get(id)!;
const one = (question: Question, answer: string): ExchangeTurn[] => [
  { turnId: "t1", kind: "question", prompt: question.text, answer },
];
const kinds = (id: string, answer: string) => grader.assess(q(id), one(q(id), answer)).guards.map((g) => g.kind);
const maxLevel = (id: string, answer: string) =>
  Math.max(...grader.gradeSync(q(id), hub.rubric, one(q(id), answer)).competencies.map((c) => c.level ?? 0));

describe("shared guards", () => {
  const ids = ["overfitting", "regularization", "failed-project"];

  it("cap the bank's phrasings cut into fragments, as a comma list or padded bullets", () => {
    for (const id of ids) {
      for (const attack of [phraseList(q(id)), paddedBullets(q(id))]) {
        expect(kinds(id, attack), id).toContain("phrase-list");
        expect(maxLevel(id, attack), id).toBeLessThanOrEqual(2);
      }
    }
  });

  it("cap phrase lists in the candidate's own words, articles and prepositions included, in every shape", () => {
    for (const [shape, { id, answer }] of Object.entries(FUNCTION_WORD_LISTS)) {
      const signals = grader.assess(q(id), one(q(id), answer));
      const guard = signals.guards.find((g) => g.kind === "phrase-list");
      expect(guard?.reason, shape).toMatch(/list of short phrases; phrases can name a point but not explain it/);
      expect(signals.cap, shape).toBe(2);
      const grade = grader.gradeSync(q(id), hub.rubric, one(q(id), answer), signals);
      expect(Math.max(...grade.competencies.map((c) => c.level ?? 0)), shape).toBeLessThanOrEqual(2);
      expect(grade.notice, shape).toMatch(/Capped at 2: most of the answer is a list of short phrases/);
    }
  });

  it("leave short answers in sentences and bullets of explanatory clauses alone", () => {
    for (const [shape, { id, answer }] of Object.entries(CLAUSE_ANSWERS)) {
      expect(kinds(id, answer), shape).toEqual([]);
      expect(fragmentSpans(one(q(id), answer)), shape).toEqual([]);
    }
  });

  it("read a phrase as a clause by its subject and verb, auxiliary or connective, not by its function words", () => {
    for (const phrase of [
      "the variance on new data",
      "a held-out set for the threshold",
      "class weights in the loss",
      "the cost of false positives versus false negatives",
      "Key points: the gap between the losses",
    ]) {
      expect(isClause(phrase), phrase).toBe(false);
    }
    for (const clause of [
      "L1 pushes small weights to zero",
      "labels arrive weeks later",
      "the team shipped the model",
      "stop when the validation loss rises",
      "it overfits",
      "Compared the histograms before and after and found the shift",
    ]) {
      expect(isClause(clause), clause).toBe(true);
    }
  });

  it("find phrases run together with function words, but not spoken restarts", () => {
    const { id, answer } = FUNCTION_WORD_LISTS.runTogether;
    expect(brokenJoins(answer)).toBeGreaterThanOrEqual(3);
    expect(runTogetherSpans(one(q(id), answer))).toHaveLength(1);
    const spoken =
      "So I used the, um, the validation set, and a, like, a data contract with an A/B test on the to-do list.";
    expect(brokenJoins(spoken)).toBe(0);
    expect(runTogetherSpans(one(q(id), spoken))).toEqual([]);
  });

  it("cap the key points' wording stitched into run-on prose, with the reason, and leave own words alone", () => {
    for (const id of ids) {
      const attack = stitchedProse(q(id));
      expect(kinds(id, attack), id).toContain("phrase-list");
      expect(maxLevel(id, attack), id).toBeLessThanOrEqual(2);
      const reason = grader.assess(q(id), one(q(id), attack)).guards.find((g) => g.kind === "phrase-list")?.reason;
      expect(reason, id).toMatch(/pieces of the question's published key points/);
    }
    for (const [id, answer] of Object.entries(PARAPHRASE)) {
      const exchange = one(q(id), answer);
      expect(shareOfWords(exchange, stitchedSpans(exchange, q(id)), countWords), id).toBeLessThan(0.3);
    }
  });

  it("cap recited key points and a pasted model answer, this question's or another's", () => {
    for (const id of ids) {
      expect(kinds(id, recited(q(id)))).toContain("recited-key-points");
      expect(maxLevel(id, recited(q(id)))).toBeLessThanOrEqual(2);
      expect(kinds(id, q(id).modelAnswer)).toContain("pasted-model-answer");
      expect(maxLevel(id, q(id).modelAnswer)).toBeLessThanOrEqual(2);
    }
    const other = grader.assess(q("overfitting"), one(q("overfitting"), q("regularization").modelAnswer));
    expect(other.guards.find((g) => g.kind === "pasted-model-answer")?.reason).toMatch(/another question/);
  });

  it("cap a coding model answer's explanation pasted without its code", () => {
    for (const id of ["kmeans-from-scratch", "train-test-split-stratified", "cross-entropy-loss"]) {
      const prose = q(id)
        .modelAnswer.replace(/```[\s\S]*?```/g, " ")
        .replace(/\s+/g, " ")
        .trim();
      expect(prose.length, id).toBeLessThan(q(id).modelAnswer.length * 0.8);
      expect(kinds(id, prose), id).toContain("pasted-model-answer");
      expect(maxLevel(id, prose), id).toBeLessThanOrEqual(2);
    }
  });

  it("grade a repeated answer once and cap it; a single repeat is set aside with a note only", () => {
    const answer = PARAPHRASE.overfitting;
    const s = grader.assess(q("overfitting"), one(q("overfitting"), repeatedTo(answer, 20_000)));
    expect(s.guards.map((g) => g.kind)).toContain("repetition");
    expect(s.guards.find((g) => g.kind === "repetition")?.reason).toMatch(/graded once/);
    expect(maxLevel("overfitting", repeatedTo(answer, 20_000))).toBeLessThanOrEqual(2);
    const twice = `${answer} I keep a held-out test set for the final number. I keep a held-out test set for the final number.`;
    const once = grader.assess(q("overfitting"), one(q("overfitting"), twice));
    expect(once.guards).toEqual([]);
    expect(once.notes.join(" ")).toMatch(/1 repeated sentence was graded once/);
  });

  it("cap filler around a good answer", () => {
    const padded = `${filler(7500)} ${PARAPHRASE.overfitting} ${filler(7500)}`;
    expect(kinds("overfitting", padded)).toContain("padding");
    expect(maxLevel("overfitting", padded)).toBeLessThanOrEqual(2);
  });

  it("leave genuine answers alone, terse ones included", () => {
    for (const [id, answer] of Object.entries(PARAPHRASE)) expect(kinds(id, answer), id).toEqual([]);
    const terse =
      "It's fitting noise in the training sample, so it doesn't generalise. Symptom: big gap between train and " +
      "validation metrics. Fixes: L2 or dropout, a smaller model, early stopping.";
    expect(kinds("overfitting", terse)).toEqual([]);
  });
});

describe("language", () => {
  it("tells English from other languages by function words and script", () => {
    expect(detectLanguage(GERMAN_OVERFITTING)).toMatchObject({ code: "de", english: false });
    expect(
      detectLanguage("Le modèle apprend le bruit des données et ne généralise pas sur de nouvelles données."),
    ).toMatchObject({ code: "fr" });
    expect(detectLanguage("过拟合是指模型把训练数据中的噪声也学会了，所以在新数据上表现很差。")).toMatchObject({
      code: "zh",
    });
    expect(detectLanguage("Переобучение значит, что модель запомнила шум в обучающих данных.")).toMatchObject({
      english: false,
    });
    expect(detectLanguage(PARAPHRASE.overfitting).english).toBe(true);
    // English with a few foreign or technical words, and terse notes, are still English.
    expect(
      detectLanguage("Supervised: labelled data, e.g. a spam filter. RL: an agent acts, gets rewards.").english,
    ).toBe(true);
    expect(detectLanguage("We used Lasso und Ridge in the pipeline, so the model stays small.").english).toBe(true);
  });

  it("the offline grader declines a non-English answer with the reason", async () => {
    const question = q("overfitting");
    const input = { question, rubric: hub.rubric, exchange: one(question, GERMAN_OVERFITTING) };
    await expect(grader.grade(input)).rejects.toThrow(UngradableAnswer);
    await expect(grader.grade(input)).rejects.toThrow(
      /German: the offline grader reads English only; configure a model/,
    );
  });
});

describe("weak signals", () => {
  it("are shown with the sentence that shows them, only for competencies the question assesses", () => {
    const question = q("failed-project");
    const answer =
      "Our model had 91% accuracy so we were happy with it. Then the business said it did not help. I switched to a transformer.";
    const signals = detectWeakSignals(question, one(question, answer));
    const byCompetency = Object.fromEntries(signals.map((s) => [s.competencyId, s]));
    expect(byCompetency["evaluation-rigor"]?.quote).toBe("Our model had 91% accuracy so we were happy with it.");
    expect(byCompetency["production-readiness"]?.signal).toMatch(/offline accuracy/);
    expect(byCompetency["modeling-judgment"]).toBeUndefined();
    for (const s of signals) expect(answer).toContain(s.quote);
    const careful =
      "Offline AUC rose on a time-based validation split, but the A/B test against the baseline was flat once deployed.";
    expect(detectWeakSignals(question, one(question, careful))).toEqual([]);
  });

  it("find a popular model picked without a reason, and jargon with no product link", () => {
    const question = hub.questions.find((x) => x.competencies.includes("modeling-judgment"))!;
    const bare = detectWeakSignals(question, one(question, "I would use a transformer. It is the best model."));
    expect(bare.map((s) => s.competencyId)).toContain("modeling-judgment");
    const reasoned = "I would use a transformer because the inputs are long text and latency allows it.";
    expect(detectWeakSignals(question, one(question, reasoned)).map((s) => s.competencyId)).not.toContain(
      "modeling-judgment",
    );
    const jargon = "We tuned the embeddings, the softmax logits, dropout and batch norm with AdamW and L2.";
    expect(detectWeakSignals(question, one(question, jargon)).map((s) => s.competencyId)).toContain(
      "communication-clarity",
    );
  });
});
