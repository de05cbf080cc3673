import { describe, expect, it } from "vitest";
import { negatedWords } from "../../src/text/negation.ts";

describe("negatedWords", () => {
  it("takes the first content word after each negator", () => {
    expect(negatedWords("There is no cost.")).toEqual(["cost"]);
    expect(negatedWords("A breach doesn't reveal the passwords.")).toEqual(["reveal"]);
    expect(negatedWords("It cannot be reversed, and it is never stored.")).toEqual(["reversed", "stored"]);
    expect(negatedWords("It works without sorting.")).toEqual(["sorting"]);
  });

  it("stops at the end of the clause", () => {
    expect(negatedWords("It is not, in fact, slow.")).toEqual([]);
    expect(negatedWords("Not here but there it grows.")).toEqual([]);
    expect(negatedWords("Nothing is denied here.")).toEqual([]);
  });

  it("reads the whole clause when asked", () => {
    expect(negatedWords("No single server is overloaded; all is well.", "clause")).toEqual([
      "single",
      "server",
      "overloaded",
    ]);
  });
});
