import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { Content } from "../content/load.ts";
import type { Question, Rubric } from "../content/schema.ts";
import {
  type EvalItem,
  EvalItemSchema,
  type GenericItem,
  GenericItemSchema,
  type GoldLabel,
  GoldLabelSchema,
  type Label,
  type LineProblem,
  parseJsonl,
} from "./format.ts";
import { type HeldOutSplit, loadSplit, NO_SPLIT, type Split, splitOf } from "./split.ts";

export interface RubricCase {
  item: EvalItem;
  question: Question;
  rubric: Rubric;
  roleId: string;
  round: string;
  /** Held-out test or dev, by the item's question (evals/split.json). */
  split: Split;
  /** Where the item came from, relative to the working directory. */
  file: string;
  gold?: GoldLabel;
}

export interface GenericCase {
  /** The file name without .jsonl, dots replaced so metric paths stay unambiguous. */
  dataset: string;
  item: GenericItem;
}

export interface EvalData {
  cases: RubricCase[];
  generic: GenericCase[];
  problems: LineProblem[];
  split: HeldOutSplit;
  /** The gold file read, or null when it does not exist. */
  goldFile: string | null;
  /** Items with no gold label (level metrics skip them; adversarial caps still apply). */
  unlabelled: string[];
}

export interface QuestionRef {
  question: Question;
  rubric: Rubric;
  roleId: string;
}

export function questionIndex(content: Content): Map<string, QuestionRef> {
  const out = new Map<string, QuestionRef>();
  for (const hub of content.roles.values()) {
    for (const q of hub.questions) {
      if (!out.has(q.id)) out.set(q.id, { question: q, rubric: hub.rubric, roleId: hub.role.id });
    }
  }
  return out;
}

function jsonlFilesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const p = join(path, name);
      if (statSync(p).isDirectory()) return jsonlFilesUnder(p);
      return name.endsWith(".jsonl") ? [p] : [];
    });
}

/** A file is in the generic format when its first record has a reference_answer. */
function isGenericFile(text: string): boolean {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== "");
  if (!first) return false;
  try {
    const obj = JSON.parse(first) as Record<string, unknown>;
    return typeof obj === "object" && obj !== null && "reference_answer" in obj;
  } catch {
    return false;
  }
}

export const datasetName = (file: string) =>
  basename(file)
    .replace(/\.jsonl$/, "")
    .replace(/\./g, "-");

/** Checks that a label names exactly the question's competencies and key points. */
export function checkLabel(label: Label, question: Question, file: string, line: number): LineProblem[] {
  const problems: LineProblem[] = [];
  const want = (kind: "competencies" | "keyPoints", expected: string[]) => {
    const got = Object.keys(label[kind]);
    for (const id of expected) {
      if (!got.includes(id))
        problems.push({ file, line, field: `${kind}.${id}`, message: "is missing (label every one)" });
    }
    for (const id of got) {
      if (!expected.includes(id)) {
        problems.push({
          file,
          line,
          field: `${kind}.${id}`,
          message: `is not one of question "${question.id}"'s ${kind}`,
        });
      }
    }
  };
  want("competencies", question.competencies);
  want(
    "keyPoints",
    question.keyPoints.map((k) => k.id),
  );
  return problems;
}

export interface LoadOptions {
  /** Files or directories of JSON Lines; each file is detected as items or generic. */
  paths: string[];
  goldFile?: string;
  /** Report gold labels whose item is not loaded; right for the whole set, wrong for a subset. */
  reportStrayGold?: boolean;
  /** The held-out split file; absent means every item is dev. */
  splitFile?: string;
  /** Paths in problems are shown relative to this (default the process's working directory). */
  cwd?: string;
}

export function loadEvalData(content: Content, opts: LoadOptions): EvalData {
  const questions = questionIndex(content);
  const problems: LineProblem[] = [];
  const cases: RubricCase[] = [];
  const generic: GenericCase[] = [];
  const seenIds = new Map<string, string>();
  const rel = (p: string) => relative(opts.cwd ?? process.cwd(), p) || p;
  const loaded = opts.splitFile
    ? loadSplit(opts.splitFile, rel(opts.splitFile), new Set(questions.keys()))
    : { split: NO_SPLIT, problems: [] };
  problems.push(...loaded.problems);
  const split = loaded.split;

  for (const path of opts.paths) {
    if (!existsSync(path)) {
      problems.push({ file: rel(path), line: 0, field: "", message: "does not exist" });
      continue;
    }
    for (const file of jsonlFilesUnder(path)) {
      const text = readFileSync(file, "utf8");
      const name = rel(file);
      if (isGenericFile(text)) {
        const parsed = parseJsonl(text, name, GenericItemSchema);
        problems.push(...parsed.problems);
        const dataset = datasetName(file);
        const ids = new Set<string>();
        for (const { line, value } of parsed.rows) {
          if (ids.has(value.id))
            problems.push({ file: name, line, field: "id", message: `duplicate id "${value.id}"` });
          ids.add(value.id);
          generic.push({ dataset, item: value });
        }
        continue;
      }
      const parsed = parseJsonl(text, name, EvalItemSchema);
      problems.push(...parsed.problems);
      for (const { line, value } of parsed.rows) {
        const prior = seenIds.get(value.id);
        if (prior) problems.push({ file: name, line, field: "id", message: `duplicate item id (also in ${prior})` });
        seenIds.set(value.id, `${name}:${line}`);
        const ref = questions.get(value.questionId);
        if (!ref) {
          problems.push({ file: name, line, field: "questionId", message: `no bank question "${value.questionId}"` });
          continue;
        }
        if (datasetName(file) !== value.questionId) {
          problems.push({
            file: name,
            line,
            field: "questionId",
            message: `must equal the file name "${datasetName(file)}"`,
          });
        }
        cases.push({
          item: value,
          ...ref,
          round: ref.question.round,
          split: splitOf(split, value.questionId),
          file: name,
        });
      }
    }
  }

  let goldFile: string | null = null;
  if (opts.goldFile && existsSync(opts.goldFile)) {
    goldFile = rel(opts.goldFile);
    const parsed = parseJsonl(readFileSync(opts.goldFile, "utf8"), goldFile, GoldLabelSchema);
    problems.push(...parsed.problems);
    const byId = new Map(cases.map((c) => [c.item.id, c]));
    for (const { line, value } of parsed.rows) {
      const c = byId.get(value.itemId);
      if (!c) {
        if (opts.reportStrayGold) {
          problems.push({ file: goldFile, line, field: "itemId", message: `no item "${value.itemId}"` });
        }
        continue;
      }
      if (c.gold) problems.push({ file: goldFile, line, field: "itemId", message: "labelled twice" });
      problems.push(...checkLabel(value, c.question, goldFile, line));
      c.gold = value;
    }
  }
  const unlabelled = cases.filter((c) => !c.gold).map((c) => c.item.id);
  return { cases, generic, problems, split, goldFile, unlabelled };
}
