import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { buildLexicon, type Lexicon } from "../text/lexicon.ts";
import { contentStems } from "../text/tokens.ts";

const Term = z.string().trim().min(1, "must not be empty");

/** One lexicon file: groups of words or phrases a candidate uses interchangeably. */
export const LexiconFileSchema = z.strictObject({
  groups: z.array(z.array(Term).min(2, "a group needs at least two interchangeable terms")).min(1),
});

export type LexiconFile = z.infer<typeof LexiconFileSchema>;

export interface LexiconProblem {
  field: string;
  message: string;
}

/** Checks beyond the shape: a term of only function words ("the", "of it") could never match. */
export function checkLexiconFile(file: LexiconFile): LexiconProblem[] {
  const problems: LexiconProblem[] = [];
  file.groups.forEach((group, i) => {
    group.forEach((term, j) => {
      if (contentStems(term).length === 0) {
        problems.push({
          field: `groups[${i}][${j}]`,
          message: `"${term}" has only function words, so it never matches`,
        });
      }
    });
  });
  return problems;
}

export function lexiconFiles(contentDir: string): string[] {
  const dir = join(contentDir, "lexicon");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith(".yaml") || n.endsWith(".yml"))
    .sort()
    .map((n) => join(dir, n));
}

/** Merges the groups of every lexicon file into one lexicon. */
export function mergeLexicon(files: readonly LexiconFile[]): Lexicon {
  return buildLexicon(files.flatMap((f) => f.groups));
}
