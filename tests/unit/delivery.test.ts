import { describe, expect, it } from "vitest";
import { deliveryInsights, PACE_RANGE } from "../../src/speech/delivery.ts";
import { countFillers } from "../../src/speech/fillers.ts";
import { countWords } from "../../src/text/words.ts";

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

describe("filler words", () => {
  it("counts hesitation sounds under one spelling each", () => {
    expect(countFillers("Umm, I think, uh, erm, the uhm answer. Hmm.")).toEqual([
      { word: "um", count: 2 },
      { word: "er", count: 1 },
      { word: "hmm", count: 1 },
      { word: "uh", count: 1 },
    ]);
  });

  it("counts 'like' only as a filler, not as a comparison", () => {
    expect(countFillers("A model like XGBoost, or like a linear model.")).toEqual([]);
    expect(countFillers("It was, like, really slow.")).toEqual([{ word: "like", count: 1 }]);
  });

  it("counts 'kind of' / 'sort of' as hedges but not as categories", () => {
    expect(countFillers("What kind of features? This sort of model. A different kind of loss.")).toEqual([]);
    expect(countFillers("It kind of works, and we sort of shipped it.")).toEqual([
      { word: "kind of", count: 1 },
      { word: "sort of", count: 1 },
    ]);
  });

  it("counts 'you know' and 'I mean' only when they stand apart", () => {
    expect(countFillers("Do you know the answer? I mean the second one.")).toEqual([]);
    expect(countFillers("It drifted, you know, after launch. I mean, we missed it. You know")).toEqual([
      { word: "you know", count: 2 },
      { word: "I mean", count: 1 },
    ]);
  });

  it("counts discourse markers at a clause boundary only", () => {
    expect(countFillers("Basically, we retrain weekly. What actually happened was drift.")).toEqual([
      { word: "basically", count: 1 },
    ]);
  });

  it("counts words including numbers and contractions", () => {
    expect(countWords("We don't ship p99 latency above 200 ms.")).toBe(8);
    expect(countWords("  ")).toBe(0);
    // Scripts without spaces are segmented into words, not counted as one.
    expect(countWords("过拟合是指模型把训练数据中的噪声也学会了")).toBeGreaterThan(6);
    expect(countWords("モデルが訓練データを覚えてしまう")).toBeGreaterThan(4);
  });
});

describe("delivery insights", () => {
  it("measures pace from words and duration", () => {
    const d = deliveryInsights(words(150), 60_000, 4);
    expect(d.wordsPerMinute).toBe(150);
    expect(d.pace).toBe("steady");
    expect(d.spokenMinutes).toBe(1);
    expect(deliveryInsights(words(100), 60_000, 4).pace).toBe("slow");
    expect(deliveryInsights(words(200), 60_000, 4).pace).toBe("fast");
    expect(deliveryInsights(words(PACE_RANGE.max), 60_000, 4).pace).toBe("steady");
    // A Chinese transcript of 30 seconds: wpm from its segmented words, not from one "word".
    const zh = deliveryInsights("我会先看训练损失和验证损失之间的差距，然后加正则化。".repeat(4), 30_000, 4);
    expect(zh.words).toBeGreaterThan(30);
    expect(zh.wordsPerMinute).toBe(zh.words * 2);
  });

  it("compares the length with the time guideline", () => {
    expect(deliveryInsights(words(100), 60_000, 4).length).toBe("short");
    expect(deliveryInsights(words(400), 3 * 60_000, 4).length).toBe("within");
    expect(deliveryInsights(words(800), 6 * 60_000, 4).length).toBe("long");
    const notes = deliveryInsights(words(800), 6 * 60_000, 4).notes.join(" ");
    expect(notes).toMatch(/6:00 against a 4:00 guideline/);
  });

  it("reports fillers per 100 words and calls a heavy use noticeable", () => {
    const heavy = deliveryInsights(`um ${words(20)} uh, um`, 20_000, 2);
    expect(heavy.fillerCount).toBe(3);
    expect(heavy.fillersPer100Words).toBe(13);
    expect(heavy.notes.join(" ")).toMatch(/enough for a listener to notice/);
    const light = deliveryInsights(`um ${words(99)}`, 40_000, 2);
    expect(light.fillersPer100Words).toBe(1);
    expect(light.notes.join(" ")).toMatch(/a light amount/);
  });

  it("does not guess pace or length without a usable duration", () => {
    for (const duration of [undefined, 0, 500]) {
      const d = deliveryInsights(words(50), duration, 4);
      expect(d).toMatchObject({ wordsPerMinute: null, pace: "unknown", length: "unknown", durationMs: null });
    }
  });
});
