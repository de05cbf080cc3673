import type { RoleHub } from "../content/load.ts";
import type { Question } from "../content/schema.ts";
import type { Lexicon } from "../text/lexicon.ts";
import { stemsMatch, stemWord, tokenize } from "../text/tokens.ts";

/** A content word of a text (or a lexicon concept spanning several), with where it sits in the original. */
export interface Unit {
  key: string;
  start: number;
  end: number;
}

/** A problem pattern of a question, as words a description might use. */
export interface Tag {
  label: string;
  keys: string[];
}

export interface QuestionProfile {
  question: Question;
  /** How much a description mentioning each key says about this question (0-3). */
  terms: Map<string, number>;
  /** Every key of the question, common ones too: they may join a quoted phrase, but weigh nothing. */
  vocabulary: Set<string>;
  tags: Tag[];
  competencyKeys: Set<string>;
}

/** What tailoring needs of a role hub, computed once per hub. */
export interface HubProfile {
  questions: QuestionProfile[];
  /** Maps a description's word onto the bank's spelling of it (imbalanced -> imbalance). */
  canonical(key: string): string;
  units(text: string): Unit[];
}

/** Weight of a question's own patterns against words of its text. */
const TAG_WEIGHT = 3;
const TEXT_WEIGHT = 1;
const ROUND_WEIGHT = 1;
/** Words found in more questions than this share of the bank say nothing about any one of them. */
const COMMON_IDF = 0.25;

/**
 * Words every job advertisement uses whatever the work; that a question happens to use one
 * ("experience", "team") says nothing about the job.
 */
const JOB_AD_WORDS = new Set(
  `ability able apply applicant benefit bonus candidate career company culture day degree deliver drive
engineer engineering environment equal excellent experience experienced expert hire hiring ideal impact
join junior knowledge lead looking mission must nice opportunity own passion passionate plus preferred
qualification remote requirement required responsibility responsible role salary senior skill staff strong
team teams work working world year years`
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => stemWord(w)),
);

/** Numbers, two-letter fragments and job-advert words never identify a question. */
export const meaningful = (key: string) =>
  key.startsWith("@") || (key.length >= 3 && !/^\d+$/.test(key) && !JOB_AD_WORDS.has(key));

const ACRONYMS: Record<string, string> = {
  ab: "A/B",
  ml: "ML",
  llm: "LLM",
  rag: "RAG",
  ctr: "CTR",
  gpu: "GPU",
  knn: "k-NN",
  nlp: "NLP",
  kmeans: "k-means",
};

export function tagLabel(slug: string): string {
  return slug
    .split("-")
    .map((w) => ACRONYMS[w] ?? w)
    .join(" ");
}

function unitsWith(text: string, lexicon: Lexicon, canonical: (k: string) => string): Unit[] {
  const toks = tokenize(text).filter((t) => !t.stop);
  const stems = toks.map((t) => t.stem);
  const out: Unit[] = [];
  const plain = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const t = toks[i];
      if (t) out.push({ key: canonical(t.stem), start: t.start, end: t.end });
    }
  };
  let i = 0;
  for (const hit of lexicon.find(stems)) {
    plain(i, hit.start);
    out.push({ key: hit.concept, start: toks[hit.start]?.start ?? 0, end: toks[hit.end - 1]?.end ?? 0 });
    i = hit.end;
  }
  plain(i, toks.length);
  return out;
}

function questionText(q: Question): string {
  return [q.text, ...q.keyPoints.flatMap((k) => [k.text, ...k.phrasings])].join("\n");
}

const cache = new WeakMap<RoleHub, HubProfile>();

/** Question terms weighted by how few questions share them, so "model" counts for little and "fraud" for much. */
export function hubProfile(hub: RoleHub, lexicon: Lexicon): HubProfile {
  const cached = cache.get(hub);
  if (cached) return cached;
  const identity = (k: string) => k;
  const raw = hub.questions.map((q) => ({
    q,
    tags: q.patterns.map((p) => ({ label: tagLabel(p), keys: unitsWith(p.replace(/-/g, " "), lexicon, identity) })),
    text: unitsWith(questionText(q), lexicon, identity),
  }));
  const df = new Map<string, number>();
  for (const r of raw) {
    const keys = new Set([...r.text.map((u) => u.key), ...r.tags.flatMap((t) => t.keys.map((u) => u.key))]);
    for (const k of keys) df.set(k, (df.get(k) ?? 0) + 1);
  }
  const n = Math.max(2, raw.length);
  const idf = (k: string) => Math.log(n / (df.get(k) ?? 1)) / Math.log(n);
  const byPrefix = new Map<string, string[]>();
  for (const k of df.keys()) {
    if (k.length < 5 || k.startsWith("@")) continue;
    const list = byPrefix.get(k.slice(0, 5)) ?? [];
    list.push(k);
    byPrefix.set(k.slice(0, 5), list);
  }
  const folded = new Map<string, string>();
  const canonical = (k: string): string => {
    if (df.has(k) || k.length < 5) return k;
    let c = folded.get(k);
    if (c === undefined) {
      c = (byPrefix.get(k.slice(0, 5)) ?? []).find((b) => stemsMatch(b, k)) ?? k;
      folded.set(k, c);
    }
    return c;
  };
  const competencyKeys = new Map(
    hub.rubric.competencies.map((c) => [
      c.id,
      unitsWith(c.name, lexicon, identity)
        .map((u) => u.key)
        .filter((k) => idf(k) >= COMMON_IDF || !df.has(k)),
    ]),
  );
  const roundKeys = hub.role.rounds.map((r) => ({
    id: r.id,
    keys: new Set(unitsWith(`${r.title} ${r.id.replace(/-/g, " ")}`, lexicon, identity).map((u) => u.key)),
  }));
  // A word in several round titles ("ML") tells the rounds apart no better than nothing.
  const shared = (k: string) => roundKeys.filter((r) => r.keys.has(k)).length > 1;
  const rounds = new Map(roundKeys.map((r) => [r.id, new Set([...r.keys].filter((k) => !shared(k)))]));
  const questions = raw.map(({ q, tags, text }) => {
    const terms = new Map<string, number>();
    const add = (key: string, weight: number) => {
      const w = weight * idf(key);
      if (meaningful(key) && idf(key) >= COMMON_IDF && w > (terms.get(key) ?? 0)) terms.set(key, w);
    };
    for (const u of text) add(u.key, TEXT_WEIGHT);
    for (const t of tags) for (const u of t.keys) add(u.key, TAG_WEIGHT);
    // The round's subject ("Python" for coding) speaks for every question of the round alike.
    for (const k of rounds.get(q.round) ?? [])
      if (meaningful(k)) terms.set(k, Math.max(terms.get(k) ?? 0, ROUND_WEIGHT));
    return {
      question: q,
      terms,
      vocabulary: new Set([
        ...text.map((u) => u.key),
        ...tags.flatMap((t) => t.keys.map((u) => u.key)),
        ...terms.keys(),
      ]),
      tags: tags.map((t) => ({ label: t.label, keys: t.keys.map((u) => u.key) })),
      competencyKeys: new Set(q.competencies.flatMap((c) => competencyKeys.get(c) ?? [])),
    };
  });
  const profile: HubProfile = {
    questions,
    canonical,
    units: (text) => unitsWith(text, lexicon, canonical),
  };
  cache.set(hub, profile);
  return profile;
}
