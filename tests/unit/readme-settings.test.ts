import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_KEYS } from "../../src/config/env.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("documents every setting src/config/env.ts reads", () => {
    expect(ENV_KEYS.filter((key) => !readme.includes(`\`${key}\``))).toEqual([]);
  });
});
