import { conceptStems, isParticle, stemsMatch } from "./tokens.ts";

/** A place in a stem sequence where a lexicon term occurs. */
export interface ConceptHit {
  /** Token standing for the whole group, e.g. "@12"; equal for every term of one group. */
  concept: string;
  /** Index range [start, end) in the stem sequence. */
  start: number;
  end: number;
}

export interface Lexicon {
  /** Number of merged groups. */
  readonly size: number;
  /**
   * Longest non-overlapping lexicon terms found in a stem sequence from `conceptStems` (content
   * stems plus marked particles), in order.
   */
  find(stems: readonly string[]): ConceptHit[];
  /** The group token of one term, or null when the term is not in the lexicon. */
  conceptOf(term: string): string | null;
}

interface Term {
  stems: string[];
  concept: string;
}

const keyOf = (stems: readonly string[]) => stems.join(" ");

/**
 * Builds a lexicon from groups of interchangeable terms. A term that appears in two groups joins
 * them (union-find), so groups from several files merge into one set of concepts.
 */
export function buildLexicon(groups: readonly (readonly string[])[]): Lexicon {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(k, r);
    return r;
  };
  const stemsOf = new Map<string, string[]>();
  for (const group of groups) {
    let first: string | null = null;
    for (const term of group) {
      const stems = conceptStems(term);
      if (stems.filter((x) => !isParticle(x)).length === 0) continue;
      const k = keyOf(stems);
      if (!parent.has(k)) parent.set(k, k);
      stemsOf.set(k, stems);
      if (first === null) first = k;
      else {
        const a = find(first);
        const b = find(k);
        if (a !== b) parent.set(b, a);
      }
    }
  }
  const roots = new Map<string, string>();
  const terms: Term[] = [];
  for (const [k, stems] of stemsOf) {
    const root = find(k);
    if (!roots.has(root)) roots.set(root, `@${roots.size}`);
    terms.push({ stems, concept: roots.get(root) as string });
  }
  // Longest terms first, so "l2 penalty" wins over "penalty" where both would match.
  terms.sort((a, b) => b.stems.length - a.stems.length);
  const byFirst = new Map<string, Term[]>();
  for (const t of terms) {
    const head = t.stems[0] as string;
    const list = byFirst.get(head) ?? [];
    list.push(t);
    byFirst.set(head, list);
  }
  const candidates = (stem: string): Term[] => {
    const exact = byFirst.get(stem) ?? [];
    if (stem.length < 5 || isParticle(stem)) return exact;
    // stemsMatch folds short suffix differences (imbalance/imbalanced); look those heads up too.
    const out = [...exact];
    for (const [head, list] of byFirst) if (head !== stem && stemsMatch(head, stem)) out.push(...list);
    return out.sort((a, b) => b.stems.length - a.stems.length);
  };
  const headCache = new Map<string, Term[]>();
  return {
    size: roots.size,
    find(stems) {
      const hits: ConceptHit[] = [];
      let i = 0;
      while (i < stems.length) {
        const stem = stems[i] as string;
        let list = headCache.get(stem);
        if (!list) {
          list = candidates(stem);
          if (headCache.size > 20_000) headCache.clear();
          headCache.set(stem, list);
        }
        const hit = list.find(
          (t) =>
            i + t.stems.length <= stems.length &&
            t.stems.every((s, j) => (isParticle(s) ? s === stems[i + j] : stemsMatch(s, stems[i + j] as string))),
        );
        if (hit) {
          hits.push({ concept: hit.concept, start: i, end: i + hit.stems.length });
          i += hit.stems.length;
        } else i++;
      }
      return hits;
    },
    conceptOf(term) {
      const k = keyOf(conceptStems(term));
      return parent.has(k) ? (roots.get(find(k)) ?? null) : null;
    },
  };
}

export const EMPTY_LEXICON: Lexicon = buildLexicon([]);
