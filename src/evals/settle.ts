import type { Disagreement, GoldLabel, Label, SettledField, Settlement } from "./format.ts";
import { exactAgreement, quadraticWeightedKappa, withinOneAgreement } from "./metrics.ts";

type Value = Disagreement["a"];

export interface CompetencyAgreement {
  /** Pairs where both passes gave a level. */
  n: number;
  qwk: number | null;
  exact: number | null;
  withinOne: number | null;
  /** Pairs where exactly one pass said "not observed". */
  nullMismatch: number;
}

export interface PassAgreement {
  items: number;
  overall: CompetencyAgreement;
  byCompetency: Record<string, CompetencyAgreement>;
  keyPoints: {
    n: number;
    /** Same status (covered / partial / missed). */
    exact: number | null;
    /** Same found-or-not decision (covered or partial vs missed). */
    found: number | null;
  };
}

export interface SettleResult {
  gold: GoldLabel[];
  open: Disagreement[];
  agreement: PassAgreement;
  /** Things a person should look at: items in one pass only, settlements that match nothing. */
  warnings: string[];
}

function competencyAgreement(pairs: [number | null, number | null][]): CompetencyAgreement {
  const both = pairs.filter((p): p is [number, number] => p[0] !== null && p[1] !== null);
  const a = both.map((p) => p[0]);
  const b = both.map((p) => p[1]);
  return {
    n: both.length,
    qwk: quadraticWeightedKappa(a, b),
    exact: exactAgreement(a, b),
    withinOne: withinOneAgreement(a, b),
    nullMismatch: pairs.filter((p) => (p[0] === null) !== (p[1] === null)).length,
  };
}

/** Agreement between two independent label passes over the items both labelled. */
export function passAgreement(passA: readonly Label[], passB: readonly Label[]): PassAgreement {
  const bById = new Map(passB.map((l) => [l.itemId, l]));
  const pairs = passA.flatMap((a) => {
    const b = bById.get(a.itemId);
    return b ? [[a, b] as const] : [];
  });
  const byCompetency = new Map<string, [number | null, number | null][]>();
  let kpN = 0;
  let kpExact = 0;
  let kpFound = 0;
  for (const [a, b] of pairs) {
    for (const [cid, levelA] of Object.entries(a.competencies)) {
      if (!(cid in b.competencies)) continue;
      const list = byCompetency.get(cid) ?? [];
      list.push([levelA, b.competencies[cid] ?? null]);
      byCompetency.set(cid, list);
    }
    for (const [kp, statusA] of Object.entries(a.keyPoints)) {
      const statusB = b.keyPoints[kp];
      if (!statusB) continue;
      kpN++;
      if (statusA === statusB) kpExact++;
      if ((statusA === "missed") === (statusB === "missed")) kpFound++;
    }
  }
  const ids = [...byCompetency.keys()].sort();
  return {
    items: pairs.length,
    overall: competencyAgreement(ids.flatMap((id) => byCompetency.get(id) ?? [])),
    byCompetency: Object.fromEntries(ids.map((id) => [id, competencyAgreement(byCompetency.get(id) ?? [])])),
    keyPoints: { n: kpN, exact: kpN === 0 ? null : kpExact / kpN, found: kpN === 0 ? null : kpFound / kpN },
  };
}

function fieldsOf(label: Label): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [id, v] of Object.entries(label.competencies)) out.set(`competencies.${id}`, v);
  for (const [id, v] of Object.entries(label.keyPoints)) out.set(`keyPoints.${id}`, v);
  return out;
}

function setField(label: GoldLabel, field: string, value: Value): void {
  const [kind, id] = field.split(".") as ["competencies" | "keyPoints", string];
  if (kind === "competencies") label.competencies[id] = value as Label["competencies"][string];
  else label.keyPoints[id] = value as Label["keyPoints"][string];
}

/**
 * Builds gold labels from two passes: values the passes agree on are taken, disagreements are
 * taken from a person's settlements, and items with a disagreement still open are left out.
 */
export function settle(
  passA: readonly Label[],
  passB: readonly Label[],
  settlements: readonly Settlement[],
): SettleResult {
  const warnings: string[] = [];
  const bById = new Map(passB.map((l) => [l.itemId, l]));
  const aIds = new Set(passA.map((l) => l.itemId));
  for (const b of passB) if (!aIds.has(b.itemId)) warnings.push(`${b.itemId}: labelled in pass B only`);
  const decisions = new Map(settlements.map((s) => [`${s.itemId} ${s.field}`, s]));
  const used = new Set<string>();
  const gold: GoldLabel[] = [];
  const open: Disagreement[] = [];

  for (const a of passA) {
    const b = bById.get(a.itemId);
    if (!b) {
      warnings.push(`${a.itemId}: labelled in pass A only`);
      continue;
    }
    const fa = fieldsOf(a);
    const fb = fieldsOf(b);
    const label: GoldLabel = {
      itemId: a.itemId,
      competencies: { ...a.competencies },
      keyPoints: { ...a.keyPoints },
      rationale: a.rationale,
      settled: [],
    };
    let complete = true;
    for (const field of new Set([...fa.keys(), ...fb.keys()])) {
      if (!fa.has(field) || !fb.has(field)) {
        warnings.push(`${a.itemId}: ${field} is labelled in one pass only`);
        complete = false;
        continue;
      }
      const va = fa.get(field) as Value;
      const vb = fb.get(field) as Value;
      if (va === vb) continue;
      const key = `${a.itemId} ${field}`;
      const decision = decisions.get(key);
      if (!decision) {
        open.push({ itemId: a.itemId, field, a: va, b: vb });
        complete = false;
        continue;
      }
      used.add(key);
      const isLevel = field.startsWith("competencies.");
      if (isLevel !== (decision.final === null || typeof decision.final === "number")) {
        warnings.push(`${a.itemId}: settlement for ${field} has a final value of the wrong kind`);
        open.push({ itemId: a.itemId, field, a: va, b: vb });
        complete = false;
        continue;
      }
      setField(label, field, decision.final);
      label.settled.push({ field, a: va, b: vb, final: decision.final, note: decision.note } as SettledField);
    }
    if (complete) gold.push(label);
  }
  for (const s of settlements) {
    if (!used.has(`${s.itemId} ${s.field}`)) {
      warnings.push(`${s.itemId}: settlement for ${s.field} matches no current disagreement`);
    }
  }
  return { gold, open, agreement: passAgreement(passA, passB), warnings };
}
