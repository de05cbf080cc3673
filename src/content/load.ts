import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import type { Lexicon } from "../text/lexicon.ts";
import {
  checkLexiconFile,
  checkLexiconJoins,
  type LexiconFile,
  LexiconFileSchema,
  lexiconFiles,
  mergeLexicon,
  type NamedLexiconFile,
} from "./lexicon.ts";
import { type Question, QuestionSchema, type Role, RoleSchema, type Rubric, RubricSchema } from "./schema.ts";

export const DEFAULT_CONTENT_DIR = fileURLToPath(new URL("../../content", import.meta.url));

export interface RoleHub {
  role: Role;
  rubric: Rubric;
  questions: Question[];
  questionsById: Map<string, Question>;
  /** Hash of every file of the hub; changes whenever any wording changes. */
  contentHash: string;
}

export interface Content {
  roles: Map<string, RoleHub>;
  /** Terms candidates use interchangeably, merged from every file in content/lexicon/. */
  lexicon: Lexicon;
  hub(roleId: string): RoleHub | undefined;
}

export interface ContentProblem {
  file: string;
  field: string;
  message: string;
}

export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `content is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${p.file}: ${p.field || "(file)"}: ${p.message}`).join("\n"),
    );
    this.name = "ContentError";
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

function parseFile<T>(file: string, root: string, schema: z.ZodType<T>, problems: ContentProblem[]): T | undefined {
  const rel = relative(root, file);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, "utf8"));
  } catch (err) {
    problems.push({ file: rel, field: "", message: `not valid YAML: ${(err as Error).message}` });
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({ file: rel, field: fieldPath(issue.path), message: issue.message });
    }
    return undefined;
  }
  return result.data;
}

function checkHub(
  role: Role,
  rubric: Rubric,
  questions: { file: string; q: Question }[],
  problems: ContentProblem[],
): void {
  const roundIds = new Set(role.rounds.map((r) => r.id));
  const competencyIds = new Set(rubric.competencies.map((c) => c.id));
  const needKeyPoints = new Set(rubric.competencies.filter((c) => c.evidence === "key-points").map((c) => c.id));
  const roleFile = `roles/${role.id}/role.yaml`;
  role.presets.forEach((preset, i) => {
    preset.rounds.forEach((r, j) => {
      if (!roundIds.has(r)) {
        problems.push({ file: roleFile, field: `presets[${i}].rounds[${j}]`, message: `unknown round "${r}"` });
      }
    });
  });
  const seen = new Map<string, string>();
  for (const { file, q } of questions) {
    const prior = seen.get(q.id);
    if (prior) problems.push({ file, field: "id", message: `duplicate question id "${q.id}" (also in ${prior})` });
    seen.set(q.id, file);
    if (!file.endsWith(`/${q.id}.yaml`)) {
      problems.push({ file, field: "id", message: `file name must be ${q.id}.yaml` });
    }
    if (!roundIds.has(q.round)) problems.push({ file, field: "round", message: `unknown round "${q.round}"` });
    q.competencies.forEach((c, i) => {
      if (!competencyIds.has(c)) {
        problems.push({ file, field: `competencies[${i}]`, message: `unknown competency "${c}"` });
      }
    });
    const keyPointIds = new Set<string>();
    q.keyPoints.forEach((kp, i) => {
      if (keyPointIds.has(kp.id)) {
        problems.push({ file, field: `keyPoints[${i}].id`, message: `duplicate key point id "${kp.id}"` });
      }
      keyPointIds.add(kp.id);
      kp.competencies.forEach((c, j) => {
        if (!q.competencies.includes(c)) {
          problems.push({
            file,
            field: `keyPoints[${i}].competencies[${j}]`,
            message: `"${c}" is not among the question's competencies`,
          });
        }
      });
    });
    for (const c of q.competencies) {
      if (needKeyPoints.has(c) && !q.keyPoints.some((kp) => kp.competencies.includes(c))) {
        problems.push({ file, field: "competencies", message: `no key point gives evidence for "${c}"` });
      }
    }
    q.probes.forEach((p, i) => {
      if (!keyPointIds.has(p.keyPoint)) {
        problems.push({ file, field: `probes[${i}].keyPoint`, message: `unknown key point "${p.keyPoint}"` });
      }
    });
  }
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFilesUnder(path));
    else if (name.endsWith(".yaml") || name.endsWith(".yml")) out.push(path);
  }
  return out;
}

/** Loads and cross-checks every role hub; throws ContentError naming each file and field at fault. */
export function loadContent(contentDir: string = DEFAULT_CONTENT_DIR): Content {
  const problems: ContentProblem[] = [];
  const roles = new Map<string, RoleHub>();
  const lexicon: LexiconFile[] = [];
  const named: NamedLexiconFile[] = [];
  const lexiconHash = createHash("sha256");
  for (const file of lexiconFiles(contentDir)) {
    const rel = relative(contentDir, file);
    lexiconHash.update(rel).update(readFileSync(file));
    const parsed = parseFile(file, contentDir, LexiconFileSchema, problems);
    if (!parsed) continue;
    for (const p of checkLexiconFile(parsed)) problems.push({ file: rel, ...p });
    lexicon.push(parsed);
    named.push({ file: rel, lexicon: parsed });
  }
  problems.push(...checkLexiconJoins(named));
  const lexiconDigest = lexiconHash.digest("hex");
  const rolesDir = join(contentDir, "roles");
  for (const roleDirName of readdirSync(rolesDir).sort()) {
    const roleDir = join(rolesDir, roleDirName);
    if (!statSync(roleDir).isDirectory()) continue;
    const hash = createHash("sha256").update(lexiconDigest);
    const role = parseFile(join(roleDir, "role.yaml"), contentDir, RoleSchema, problems);
    const rubric = parseFile(join(roleDir, "rubric.yaml"), contentDir, RubricSchema, problems);
    const questions: { file: string; q: Question }[] = [];
    const files = [
      join(roleDir, "role.yaml"),
      join(roleDir, "rubric.yaml"),
      ...yamlFilesUnder(join(roleDir, "questions")),
    ];
    for (const file of files) hash.update(relative(contentDir, file)).update(readFileSync(file));
    for (const file of files.slice(2)) {
      const q = parseFile(file, contentDir, QuestionSchema, problems);
      if (q) questions.push({ file: relative(contentDir, file), q });
    }
    if (role && role.id !== roleDirName) {
      problems.push({
        file: relative(contentDir, join(roleDir, "role.yaml")),
        field: "id",
        message: `must equal the folder name "${roleDirName}"`,
      });
    }
    if (!role || !rubric) continue;
    checkHub(role, rubric, questions, problems);
    const list = questions.map((x) => x.q);
    roles.set(role.id, {
      role,
      rubric,
      questions: list,
      questionsById: new Map(list.map((q) => [q.id, q])),
      contentHash: hash.digest("hex").slice(0, 12),
    });
  }
  if (problems.length > 0) throw new ContentError(problems);
  return { roles, lexicon: mergeLexicon(lexicon), hub: (id) => roles.get(id) };
}
