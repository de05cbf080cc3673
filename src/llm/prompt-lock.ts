import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listPromptFiles, PROMPTS_DIR, parsePromptFile } from "./prompts.ts";

export const LOCK_FILE = "prompts.lock.json";

/** prompt id → version → sha256 of the file as committed at that version. */
export type PromptLock = Record<string, Record<string, string>>;

export const promptHash = (raw: string) => createHash("sha256").update(raw.replace(/\r\n/g, "\n")).digest("hex");

export function readLock(dir = PROMPTS_DIR): PromptLock {
  const path = join(dir, LOCK_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as PromptLock) : {};
}

export interface LockCheck {
  /** Prompt files whose content changed while their version stayed the same. */
  problems: string[];
  /** Prompt files at a version the lock does not know yet. */
  unlocked: { id: string; version: string; hash: string; file: string }[];
}

/**
 * A version names one exact text: grades store the version, so the text behind a stored
 * version must never change. Editing a prompt therefore means bumping its version.
 */
export function checkPromptLock(dir = PROMPTS_DIR, lock = readLock(dir)): LockCheck {
  const problems: string[] = [];
  const unlocked: LockCheck["unlocked"] = [];
  const seen = new Set<string>();
  for (const file of listPromptFiles(dir)) {
    const raw = readFileSync(join(dir, file), "utf8");
    const prompt = parsePromptFile(raw, file);
    if (seen.has(prompt.id)) problems.push(`${file}: prompt id "${prompt.id}" is used by another file`);
    seen.add(prompt.id);
    const hash = promptHash(raw);
    const locked = lock[prompt.id]?.[prompt.version];
    if (!locked) unlocked.push({ id: prompt.id, version: prompt.version, hash, file });
    else if (locked !== hash) {
      problems.push(
        `prompts/${file} changed but its version is still ${prompt.version}: bump "version" in its front matter, ` +
          "then run `npm run prompts:lock`.",
      );
    }
  }
  return { problems, unlocked };
}

/** Adds the current version of every prompt to the lock; never rewrites a locked version. */
export function updatePromptLock(dir = PROMPTS_DIR): LockCheck {
  const lock = readLock(dir);
  const result = checkPromptLock(dir, lock);
  if (result.problems.length > 0) return result;
  for (const u of result.unlocked) lock[u.id] = { ...lock[u.id], [u.version]: u.hash };
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
  return result;
}
