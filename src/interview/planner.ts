import type { Difficulty, Question, Role } from "../content/schema.ts";

export interface PlanRequest {
  rounds: string[];
  questionCount: number;
  difficulty: Difficulty | "mixed";
  /** Questions this candidate saw recently, most recent first; avoided while others remain. */
  recentlySeen: readonly string[];
  /** Deterministic randomness for tests; defaults to Math.random. */
  random?: () => number;
}

const DIFFICULTY_RANK: Record<Difficulty, number> = { easy: 0, medium: 1, hard: 2 };

function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/**
 * Chooses questions so that every chosen round is covered (round-robin in the role's order),
 * nothing repeats, recently seen questions come last, and the requested difficulty is preferred
 * (nearest difficulty next) rather than required, so small rounds still fill.
 */
export function planQuestions(role: Role, bank: readonly Question[], req: PlanRequest): string[] {
  const random = req.random ?? Math.random;
  const recentRank = new Map(req.recentlySeen.map((id, i) => [id, i]));
  const orderedRounds = role.rounds.map((r) => r.id).filter((id) => req.rounds.includes(id));
  const queues = orderedRounds.map((round) => {
    const pool = shuffle(
      bank.filter((q) => q.round === round),
      random,
    );
    const distance = (q: Question) =>
      req.difficulty === "mixed" ? 0 : Math.abs(DIFFICULTY_RANK[q.difficulty] - DIFFICULTY_RANK[req.difficulty]);
    // Unseen first; among seen, the longest ago first. Then closeness in difficulty.
    const staleness = (q: Question) => {
      const r = recentRank.get(q.id);
      return r === undefined ? Number.POSITIVE_INFINITY : r;
    };
    return pool.sort((a, b) => {
      const sa = staleness(a);
      const sb = staleness(b);
      if (sa !== sb) return sb - sa;
      return distance(a) - distance(b);
    });
  });
  const plan: string[] = [];
  while (plan.length < req.questionCount && queues.some((q) => q.length > 0)) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next && plan.length < req.questionCount) plan.push(next.id);
    }
  }
  // Round-robin mixes rounds; a real loop runs them in order.
  const roundIndex = new Map(orderedRounds.map((r, i) => [r, i]));
  const byId = new Map(bank.map((q) => [q.id, q]));
  return plan
    .map((id, i) => ({ id, i, r: roundIndex.get(byId.get(id)?.round ?? "") ?? 0 }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.id);
}
