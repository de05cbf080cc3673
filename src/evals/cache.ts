import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Everything that can change a grader's output for one eval item. */
export interface CacheKeyParts {
  grader: string;
  graderVersion: string;
  model: string | null;
  promptVersion: string | null;
  /** "rubric" items carry rubric and question versions; "reference" items are generic datasets. */
  kind: "rubric" | "reference";
  rubricId?: string;
  rubricVersion?: number;
  questionId?: string;
  questionVersion?: number;
  /** sha256 of the answer and everything else the grader sees that is not versioned. */
  answerHash: string;
  /** Repeats are separate samples, so each has its own entry. */
  repeat: number;
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Stable JSON: keys sorted at every level so the same value always hashes the same. */
export function stableJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}

export const cacheKey = (parts: CacheKeyParts): string => sha256(stableJson(parts));

export interface CacheEntry<T> {
  key: CacheKeyParts;
  value: T;
  latencyMs: number;
}

/** Grader outputs on disk, one small JSON file per key, so an unchanged re-run costs no model calls. */
export class EvalCache {
  hits = 0;
  misses = 0;

  constructor(readonly dir: string) {}

  private pathOf(hash: string): string {
    return join(this.dir, hash.slice(0, 2), `${hash}.json`);
  }

  async get<T>(parts: CacheKeyParts): Promise<CacheEntry<T> | undefined> {
    const hash = cacheKey(parts);
    try {
      const entry = JSON.parse(await readFile(this.pathOf(hash), "utf8")) as CacheEntry<T>;
      // A hash collision or a hand-edited file must not return someone else's grade.
      if (stableJson(entry.key) !== stableJson(parts)) {
        this.misses++;
        return undefined;
      }
      this.hits++;
      return entry;
    } catch {
      this.misses++;
      return undefined;
    }
  }

  async set<T>(parts: CacheKeyParts, value: T, latencyMs: number): Promise<void> {
    const hash = cacheKey(parts);
    const path = this.pathOf(hash);
    await mkdir(join(this.dir, hash.slice(0, 2)), { recursive: true });
    // Write then rename so a crash or a parallel run never leaves half a file behind.
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify({ key: parts, value, latencyMs } satisfies CacheEntry<T>));
    await rename(tmp, path);
  }
}
