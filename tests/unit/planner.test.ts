import { describe, expect, it } from "vitest";
import type { Question, Role } from "../../src/content/schema.ts";
import { planQuestions } from "../../src/interview/planner.ts";

const role = {
  id: "r",
  title: "R",
  summary: "s",
  rounds: ["a", "b", "c"].map((id) => ({ id, title: id, purpose: "p", defaultMinutes: 10, defaultQuestions: 1 })),
  presets: [],
} as unknown as Role;

const q = (id: string, round: string, difficulty: Question["difficulty"] = "medium") =>
  ({ id, round, difficulty }) as Question;
const bank = [
  q("a1", "a", "easy"),
  q("a2", "a", "hard"),
  q("a3", "a"),
  q("b1", "b", "easy"),
  q("b2", "b", "hard"),
  q("c1", "c"),
];
const seeded = (seed: number) => () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};

describe("planQuestions", () => {
  it("covers every chosen round before repeating a round, in the role's round order, without repeats", () => {
    for (let s = 1; s < 30; s++) {
      const plan = planQuestions(role, bank, {
        rounds: ["c", "a", "b"],
        questionCount: 4,
        difficulty: "mixed",
        recentlySeen: [],
        random: seeded(s),
      });
      expect(new Set(plan).size).toBe(plan.length);
      expect(plan).toHaveLength(4);
      const rounds = plan.map((id) => id[0]);
      expect(new Set(rounds)).toEqual(new Set(["a", "b", "c"]));
      expect([...rounds].sort()).toEqual(rounds);
    }
  });

  it("avoids recently seen questions while others remain, oldest-seen first after that", () => {
    const plan = planQuestions(role, bank, {
      rounds: ["a"],
      questionCount: 2,
      difficulty: "mixed",
      recentlySeen: ["a1", "a3"],
      random: seeded(3),
    });
    expect(plan[0]).toBe("a2");
    expect(plan[1]).toBe("a3"); // a3 was seen longer ago than a1
  });

  it("prefers the requested difficulty but still fills the plan", () => {
    for (let s = 1; s < 20; s++) {
      const plan = planQuestions(role, bank, {
        rounds: ["a", "b"],
        questionCount: 2,
        difficulty: "hard",
        recentlySeen: [],
        random: seeded(s),
      });
      expect(plan).toEqual(["a2", "b2"]);
    }
    const all = planQuestions(role, bank, {
      rounds: ["b"],
      questionCount: 5,
      difficulty: "easy",
      recentlySeen: [],
      random: seeded(1),
    });
    expect(all).toEqual(["b1", "b2"]);
  });

  it("returns nothing for rounds without questions", () => {
    expect(
      planQuestions(role, bank, { rounds: ["zzz"], questionCount: 3, difficulty: "mixed", recentlySeen: [] }),
    ).toEqual([]);
  });
});
