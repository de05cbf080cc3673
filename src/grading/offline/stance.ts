import { type Token, tokenize } from "../../text/tokens.ts";

/**
 * What a text says about its terms, beyond naming them: which it denies ("not exactly zero",
 * "never shuffle"), which it asserts, and which it says go up or down ("lowers variance", "more
 * layers", "remove dropout", "switched off at inference"). Two texts that share a term but take
 * opposite sides on it say opposite things, however many words they share.
 */
export interface Stance {
  /** Terms a negation denies: the first content word after "not", "never", "no", "without", ... */
  denied: Set<string>;
  /** Terms said in a clause with no negation in it. */
  asserted: Set<string>;
  /** Terms asserted as a rule ("always shuffle", "you must", "just retrain"): recommended, not only mentioned. */
  urged: Set<string>;
  /** Terms said to rise, grow or be added, and terms said to fall, shrink or be removed. */
  up: Set<string>;
  down: Set<string>;
}

/** Words that deny what follows, including the implicit ones ("fails to generalise", "instead of learning"). */
const NEGATORS = new Set(
  `not no never cannot without none neither nor nothing nobody fail fails failed poorly instead rather avoid avoids
prevent prevents prevented`.split(/\s+/),
);
/** Words that make an assertion a rule. */
const URGING = new Set(["always", "must", "should", "just"]);
const isNegator = (word: string) => NEGATORS.has(word) || /n['’]t$/.test(word);

/** A clause ends at punctuation or at a conjunction: a negation or a direction does not reach past it. */
const BOUNDARY = /[,.;:!?()\n]/;
const CONJUNCTIONS = new Set([
  "but",
  "and",
  "while",
  "whereas",
  "or",
  "so",
  "because",
  "unlike",
  "than",
  "versus",
  "vs",
]);
/** A clause these open is a contrast: what it says is said of something else ("whereas the squared penalty ..."). */
const CONTRASTS = new Set(["while", "whereas", "unlike", "than", "versus", "vs"]);

/**
 * Words skipped when looking for what a negation or a direction word is about: adverbs and light
 * verbs ("not really needed", "never makes them zero", "doesn't get any smaller").
 */
const LIGHT = new Set(
  `really actually even always just necessarily exactly quite fully entirely completely very much make makes made
making get gets got getting become becomes became go goes went going let lets set sets turn turns turned keep
keeps kept leave leaves left lead leads led cause causes caused tend tends`.split(/\s+/),
);

/** Words that say a quantity or a thing goes up (is added, switched on) or down (removed, switched off). */
const UP = new Set(
  `increase increases increased increasing raise raises raised raising grow grows grew growing rise rises rising rose
more higher larger bigger greater add adds added adding enable enables enabled boost boosts boosted inflate inflates
inflated`.split(/\s+/),
);
const DOWN = new Set(
  `decrease decreases decreased decreasing reduce reduces reduced reducing lower lowers lowered lowering shrink shrinks
shrank shrinking fall falls fell falling less fewer smaller cut cuts cutting remove removes removed removing disable
disables disabled drop drops dropped dropping`.split(/\s+/),
);
/** "on"/"off" are a direction only after a verb of switching ("turned off at inference", "leave it on"). */
const SWITCH = new Set(
  "turn turns turned switch switches switched keep keeps kept leave leaves left stay stays".split(" "),
);
/** "up"/"down" are a direction after a verb of motion ("variance goes down", "the loss shoots up"). */
const MOTION = new Set("go goes went gone going come comes came shoot shoots shot move moves moved".split(" "));
/** Words that open an object: a direction word followed by one acts on what follows ("lowers the variance"). */
const DETERMINERS = new Set(
  "the a an its their this that these those his her our your some any every each all".split(" "),
);

interface Clause {
  tokens: Token[];
  contrast: boolean;
}

function clauses(text: string, tokens: readonly Token[]): Clause[] {
  const out: Clause[] = [];
  let cur: Clause = { tokens: [], contrast: false };
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const conj = CONJUNCTIONS.has(t.word);
    if (conj || (prev && BOUNDARY.test(text.slice(prev.end, t.start)))) {
      if (cur.tokens.length > 0) out.push(cur);
      cur = { tokens: [], contrast: CONTRASTS.has(t.word) };
    }
    if (!conj) cur.tokens.push(t);
  });
  if (cur.tokens.length > 0) out.push(cur);
  return out;
}

const isTerm = (t: Token) =>
  !t.stop && !LIGHT.has(t.word) && !isNegator(t.word) && !UP.has(t.word) && !DOWN.has(t.word);

function directionOf(clause: readonly Token[], i: number): 1 | -1 | 0 {
  const t = clause[i] as Token;
  if (UP.has(t.word)) return 1;
  if (DOWN.has(t.word)) return -1;
  const after = (verbs: ReadonlySet<string>) => [clause[i - 1], clause[i - 2]].some((p) => p && verbs.has(p.word));
  if ((t.word === "on" && after(SWITCH)) || (t.word === "up" && after(MOTION))) return 1;
  if ((t.word === "off" && after(SWITCH)) || (t.word === "down" && after(MOTION))) return -1;
  return 0;
}

/**
 * The term a direction word is about: what it acts on when an object follows ("reduces variance",
 * "more layers", "switched off at inference"), else what it is said of ("variance goes down as k
 * grows", "the loss increases").
 */
function targetOf(clause: readonly Token[], i: number): Token | undefined {
  const t = clause[i] as Token;
  const next = clause[i + 1];
  const before = () => clause.slice(0, i).reverse().find(isTerm);
  const following = () => clause.slice(i + 1).find(isTerm);
  if (t.word === "on" || t.word === "off") return following();
  if (t.word === "up" || t.word === "down") return before();
  const objectFollows = next !== undefined && (!next.stop || DETERMINERS.has(next.word));
  return objectFollows ? (following() ?? before()) : (before() ?? following());
}

const stances = new Map<string, Stance>();

/** The stance of a text (cached: the bank's texts and answer sentences recur). */
export function stanceOf(text: string): Stance {
  const kept = stances.get(text);
  if (kept) return kept;
  const s: Stance = { denied: new Set(), asserted: new Set(), urged: new Set(), up: new Set(), down: new Set() };
  const tokens = tokenize(text);
  for (const { tokens: clause, contrast } of clauses(text, tokens)) {
    const negated = clause.some((t) => isNegator(t.word));
    clause.forEach((t, i) => {
      if (!negated && !contrast && isTerm(t)) s.asserted.add(t.stem);
      if (!negated && URGING.has(t.word)) {
        const next = clause.slice(i + 1).find(isTerm);
        if (next) s.urged.add(next.stem);
      }
      if (isNegator(t.word)) {
        const next = clause.slice(i + 1).find(isTerm);
        if (next) s.denied.add(next.stem);
        return;
      }
      const dir = negated ? 0 : directionOf(clause, i);
      const target = dir === 0 ? undefined : targetOf(clause, i);
      if (target) (dir > 0 ? s.up : s.down).add(target.stem);
    });
  }
  if (stances.size > 20_000) stances.clear();
  stances.set(text, s);
  return s;
}

const overlap = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].filter((x) => b.has(x));

/**
 * A key point's stance over all its wordings: a term any wording denies is denied, not asserted
 * ("never shuffle" with "shuffling leaks the future"); a term said to go both ways has no direction.
 */
export function combined(stances: readonly Stance[]): Stance {
  const all = (pick: (s: Stance) => Set<string>) => new Set(stances.flatMap((s) => [...pick(s)]));
  const denied = all((s) => s.denied);
  const up = all((s) => s.up);
  const down = all((s) => s.down);
  const without = (set: Set<string>, ...others: Set<string>[]) =>
    new Set([...set].filter((x) => others.every((o) => !o.has(x))));
  return {
    denied,
    asserted: without(
      all((s) => s.asserted),
      denied,
    ),
    urged: without(
      all((s) => s.urged),
      denied,
    ),
    up: without(up, down),
    down: without(down, up),
  };
}

/**
 * True when `said` takes the opposite side from a key point on a term both use: it urges what the
 * point denies ("always shuffle" against "never shuffle"), denies what the point asserts ("never
 * zeroes a weight" against "drives weights to zero"), or says a term goes the other way ("raises
 * variance" against "lowers variance"). When every shared directed term is reversed the text states
 * the point's converse ("fewer layers, less overfitting" against "more layers, more overfitting"),
 * which is not a contradiction.
 */
export function opposes(point: Stance, said: Stance): boolean {
  const urgedHere = overlap(point.denied, said.urged).filter((x) => !said.denied.has(x));
  if (urgedHere.length > 0) return true;
  const same = [...overlap(point.up, said.up), ...overlap(point.down, said.down)];
  const reversed = [...overlap(point.up, said.down), ...overlap(point.down, said.up)];
  return reversed.length > 0 && same.length > 0 ? true : reversed.length === 1 && same.length === 0;
}
