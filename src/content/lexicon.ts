import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { buildLexicon, type Lexicon } from "../text/lexicon.ts";
import { conceptStems, contentStems } from "../text/tokens.ts";

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

const wordCount = (term: string) => term.split(/[\s-]+/).filter(Boolean).length;

/**
 * Checks beyond the shape. A term of only function words ("the", "of it") could never match; a
 * phrase whose function words drop out leaves one word ("to zero" is "zero", "right answer" is
 * "answer"), which then matches far more than the phrase says. A few function words that change
 * the meaning ("up", "down", "more", "out") are kept, so "goes up", "goes down" and "more data"
 * are fine.
 */
export function checkLexiconFile(file: LexiconFile): LexiconProblem[] {
  const problems: LexiconProblem[] = [];
  file.groups.forEach((group, i) => {
    group.forEach((term, j) => {
      const stems = contentStems(term);
      const kept = conceptStems(term);
      if (stems.length === 0) {
        problems.push({
          field: `groups[${i}][${j}]`,
          message: `"${term}" has only function words, so it never matches`,
        });
      } else if (kept.length === 1 && wordCount(term) > 1) {
        problems.push({
          field: `groups[${i}][${j}]`,
          message:
            `"${term}" reduces to the one word "${stems[0]}" once function words are dropped, so it would ` +
            "match that word anywhere; list a phrase with two content words, or the single word if that is meant",
        });
      }
    });
  });
  return problems;
}

/** A lexicon file with the path its problems are reported under. */
export interface NamedLexiconFile {
  file: string;
  lexicon: LexiconFile;
}

/**
 * Across all files: two different terms in different groups that reduce to the same stems would
 * silently join their groups (were "up" and "down" dropped, "goes up" and "goes down" would both
 * be "goes", making rising equal falling). A term repeated word for word is a deliberate join and is allowed.
 */
export function checkLexiconJoins(files: readonly NamedLexiconFile[]): (LexiconProblem & { file: string })[] {
  const seen = new Map<string, { term: string; file: string; group: number }>();
  const problems: (LexiconProblem & { file: string })[] = [];
  for (const { file, lexicon } of files) {
    lexicon.groups.forEach((group, i) => {
      group.forEach((term, j) => {
        const key = conceptStems(term).join(" ");
        if (!key) return;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, { term, file, group: i });
          return;
        }
        const sameGroup = first.file === file && first.group === i;
        if (!sameGroup && first.term.trim().toLowerCase() !== term.trim().toLowerCase()) {
          problems.push({
            file,
            field: `groups[${i}][${j}]`,
            message:
              `"${term}" reduces to the same words ("${key}") as "${first.term}" in ${first.file} ` +
              `groups[${first.group}], which would join the two groups; reword one of them`,
          });
        }
      });
    });
  }
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
