import { contentStems } from "./tokens.ts";

export interface TermWeights {
  /** Inverse document frequency of a stem; unseen stems get the highest weight. */
  idf(stem: string): number;
}

export function buildTermWeights(documents: readonly string[]): TermWeights {
  const df = new Map<string, number>();
  for (const doc of documents) {
    for (const stem of new Set(contentStems(doc))) df.set(stem, (df.get(stem) ?? 0) + 1);
  }
  const n = documents.length;
  return { idf: (stem) => Math.log((n + 1) / ((df.get(stem) ?? 0) + 1)) + 1 };
}

export const UNIFORM_WEIGHTS: TermWeights = { idf: () => 1 };

/** Cosine similarity of two texts' stem-frequency vectors, each term weighted by idf. */
export function cosineSimilarity(a: readonly string[], b: readonly string[], weights: TermWeights): number {
  const va = new Map<string, number>();
  const vb = new Map<string, number>();
  for (const s of a) va.set(s, (va.get(s) ?? 0) + 1);
  for (const s of b) vb.set(s, (vb.get(s) ?? 0) + 1);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [s, c] of va) {
    const w = c * weights.idf(s);
    na += w * w;
    const other = vb.get(s);
    if (other !== undefined) dot += w * other * weights.idf(s);
  }
  for (const [s, c] of vb) {
    const w = c * weights.idf(s);
    nb += w * w;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
