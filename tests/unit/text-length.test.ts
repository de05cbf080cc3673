import { describe, expect, it } from "vitest";
import { countCharacters } from "../../src/api/text-length.ts";

describe("countCharacters", () => {
  it("counts code points, so an emoji or a rare CJK character is one character", () => {
    expect(countCharacters("abc")).toBe(3);
    expect("a😀b".length).toBe(4);
    expect(countCharacters("a😀b")).toBe(3);
    expect(countCharacters("𠮷野家")).toBe(3);
    expect(countCharacters("")).toBe(0);
  });
});
