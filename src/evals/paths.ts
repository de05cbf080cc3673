import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const EVALS_DIR = fileURLToPath(new URL("../../evals", import.meta.url));
export const ITEMS_DIR = join(EVALS_DIR, "items");
export const GENERIC_DIR = join(EVALS_DIR, "generic");
export const LABELS_DIR = join(EVALS_DIR, "labels");
export const GOLD_FILE = join(LABELS_DIR, "gold.jsonl");
export const AGREEMENT_FILE = join(LABELS_DIR, "agreement.json");
export const THRESHOLDS_FILE = join(EVALS_DIR, "thresholds.json");
export const DEFAULT_CACHE_DIR = fileURLToPath(new URL("../../.eval-cache", import.meta.url));
export const SPLIT_FILE = join(EVALS_DIR, "split.json");
