import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { Slug } from "../content/schema.ts";
import type { LineProblem } from "./format.ts";

/**
 * The held-out split (evals/split.json): questions whose items are never used for tuning a
 * grader. Metrics are reported for dev and test apart, and the CI thresholds apply to test.
 */
/** Held-out test first wherever splits are listed: it is the number that decides. */
export const SPLITS = ["test", "dev"] as const;
export type Split = (typeof SPLITS)[number];

export const SplitFileSchema = z.strictObject({
  description: z.string().optional(),
  method: z.string().optional(),
  seed: z.string().optional(),
  createdAt: z.string().optional(),
  test: z.array(Slug),
  dev: z.array(Slug).default([]),
});

export interface HeldOutSplit {
  /** Relative name of the file read, or null when there is none (every question is dev). */
  file: string | null;
  test: ReadonlySet<string>;
  dev: ReadonlySet<string>;
}

export const NO_SPLIT: HeldOutSplit = { file: null, test: new Set(), dev: new Set() };

/** A question the file does not list joins dev, so adding a question never leaks into test. */
export function splitOf(split: HeldOutSplit, questionId: string): Split {
  return split.test.has(questionId) ? "test" : "dev";
}

/**
 * Reads and checks the split file: valid JSON in the format, no question listed twice or in both
 * lists, and every listed question in the bank (a test question that vanished would silently
 * shrink the held-out set).
 */
export function loadSplit(
  path: string,
  displayName: string,
  bankQuestionIds: ReadonlySet<string>,
): { split: HeldOutSplit; problems: LineProblem[] } {
  if (!existsSync(path)) return { split: NO_SPLIT, problems: [] };
  const problem = (field: string, message: string): LineProblem => ({ file: displayName, line: 0, field, message });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    return { split: NO_SPLIT, problems: [problem("", `not valid JSON: ${(err as Error).message}`)] };
  }
  const parsed = SplitFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      split: NO_SPLIT,
      problems: parsed.error.issues.map((i) =>
        problem(i.path.join(".") || (i.code === "unrecognized_keys" ? i.keys.join(", ") : ""), i.message),
      ),
    };
  }
  const problems: LineProblem[] = [];
  const check = (list: readonly string[], name: Split) => {
    const seen = new Set<string>();
    list.forEach((id, i) => {
      const field = `${name}[${i}]`;
      if (seen.has(id)) problems.push(problem(field, `"${id}" is listed twice`));
      seen.add(id);
      if (!bankQuestionIds.has(id)) problems.push(problem(field, `no bank question "${id}"`));
    });
    return seen;
  };
  const test = check(parsed.data.test, "test");
  const dev = check(parsed.data.dev, "dev");
  for (const id of test) if (dev.has(id)) problems.push(problem("dev", `"${id}" is in both test and dev`));
  if (test.size === 0) problems.push(problem("test", "must list at least one question"));
  return { split: { file: displayName, test, dev }, problems };
}
