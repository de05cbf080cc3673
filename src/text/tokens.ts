import { stemmer } from "stemmer";
import { STOPWORDS } from "./stopwords.ts";

export interface Token {
  /** Lower-cased surface form. */
  word: string;
  stem: string;
  start: number;
  end: number;
  stop: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

const BRITISH_IZE =
  /^(normal|regular|optim|minim|maxim|standard|token|vector|memor|general|summar|priorit|visual|categor|initial|parameter|quant|personal|container|serial|synchron|character|recogn|organ|util|real|random|penal|stabil|emphas|central|special|custom|author|anonym|discret|binar|materi|operational|productional)is(e|ed|es|ing|ation|ations|er|ers)$/;

/** Folds British spellings onto American ones so both stem alike. */
export function normalizeSpelling(word: string): string {
  let w = word.replace(/’/g, "'");
  if (w.endsWith("'s")) w = w.slice(0, -2);
  w = w.replace(BRITISH_IZE, "$1iz$2");
  w = w.replace(/^(analy|paraly)s(e|ed|es|ing)$/, "$1z$2");
  w = w.replace(/^(behavi|col|fav|hon|lab|neighb)our(s|ed|ing|hood|hoods|ite|ites)?$/, "$1or$2");
  w = w.replace(/^(model|label|cancel|travel|signal|channel|fuel)l(ing|ed|er|ers)$/, "$1$2");
  return w;
}

const stemCache = new Map<string, string>();

export function stemWord(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(normalizeSpelling(word));
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0].toLowerCase();
    const start = m.index ?? 0;
    out.push({ word, stem: stemWord(word), start, end: start + m[0].length, stop: STOPWORDS.has(word) });
  }
  return out;
}

/** Content stems of a text: stop words removed, stemmed, in order. */
export function contentStems(text: string): string[] {
  return tokenize(text)
    .filter((t) => !t.stop)
    .map((t) => t.stem);
}

/**
 * Function words that change what a phrase means ("goes up" against "goes down", "more data"
 * against "data"). Lexicon terms keep them, marked so they never match a content stem.
 */
const PARTICLES: ReadonlySet<string> = new Set(["up", "down", "more", "out", "off", "few", "over", "under"]);
export const PARTICLE_MARK = "+";

/** Content stems with meaning-bearing function words kept as marked tokens ("+up"): what lexicon terms match on. */
export function conceptStems(text: string): string[] {
  return conceptStemsOf(tokenize(text));
}

/** conceptStems of an already tokenized text. */
export function conceptStemsOf(tokens: readonly Token[]): string[] {
  return tokens
    .filter((t) => !t.stop || PARTICLES.has(t.word))
    .map((t) => (t.stop ? `${PARTICLE_MARK}${t.word}` : t.stem));
}

export const isParticle = (stem: string) => stem.startsWith(PARTICLE_MARK);

/** Porter leaves some pairs apart (imbalance/imbalanced); a short shared prefix brings them together. */
export function stemsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.length - short.length <= 3 && long.startsWith(short);
}
