import { readFileSync } from "node:fs";
import { parseEnv as parseDotEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { ENV_KEYS, parseEnv } from "../../src/config/env.ts";

const text = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");

describe(".env.example", () => {
  it("is valid as it stands, and with every commented setting switched on", () => {
    expect(() => parseEnv(parseDotEnv(text))).not.toThrow();
    const uncommented = text.replace(/^# ([A-Z][A-Z0-9_]*=)/gm, "$1");
    const all = parseDotEnv(uncommented);
    expect(Object.keys(all).length).toBeGreaterThan(20);
    expect(() => parseEnv(all)).not.toThrow();
  });

  it("names only variables mockloop reads", () => {
    const names = [...text.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect(names.filter((n) => !ENV_KEYS.includes(n as string))).toEqual([]);
  });
});
