import type { RoleHub } from "../content/load.ts";
import type { Difficulty, Question, Role } from "../content/schema.ts";
import { AppError } from "../errors.ts";
import { seededRandom } from "../random.ts";
import type { Lexicon } from "../text/lexicon.ts";
import { tailorToDescription } from "./tailoring.ts";

export interface PlanRequest {
  rounds: string[];
  questionCount: number;
  difficulty: Difficulty | "mixed";
  /** Questions this candidate saw recently, most recent first; avoided while others remain. */
  recentlySeen: readonly string[];
  /** Deterministic randomness (a seeded plan, tests); defaults to Math.random. */
  random?: () => number;
  /** Relevance of each question to a job description (see tailoring.ts); absent means none. */
  weights?: ReadonlyMap<string, number>;
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
 * Chooses questions so that every chosen round is covered (one from each in the role's order
 * first), nothing repeats, recently seen questions come last, and the requested difficulty is
 * preferred (nearest difficulty next) rather than required, so small rounds still fill. With job
 * description weights, relevant questions come first in their round (difficulty still decides among
 * them), and questions beyond one per round go to the rounds whose next question is most relevant.
 */
export function planQuestions(role: Role, bank: readonly Question[], req: PlanRequest): string[] {
  const random = req.random ?? Math.random;
  const recentRank = new Map(req.recentlySeen.map((id, i) => [id, i]));
  const weight = (q: Question) => req.weights?.get(q.id) ?? 0;
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
      const ra = Number(weight(a) > 0);
      const rb = Number(weight(b) > 0);
      if (ra !== rb) return rb - ra;
      return distance(a) - distance(b) || weight(b) - weight(a);
    });
  });
  const plan: string[] = [];
  const taken = queues.map(() => 0);
  while (plan.length < req.questionCount && queues.some((q) => q.length > 0)) {
    // The round that has had fewest questions goes next; among those, the most relevant next question.
    let best = -1;
    queues.forEach((queue, i) => {
      const head = queue[0];
      if (!head) return;
      if (best < 0) best = i;
      const b = queues[best]?.[0] as Question;
      const fewer = (taken[i] ?? 0) - (taken[best] ?? 0);
      if (fewer < 0 || (fewer === 0 && (taken[i] ?? 0) > 0 && weight(head) > weight(b))) best = i;
    });
    const next = queues[best]?.shift() as Question;
    taken[best] = (taken[best] ?? 0) + 1;
    plan.push(next.id);
  }
  // Round-robin mixes rounds; a real loop runs them in order.
  const roundIndex = new Map(orderedRounds.map((r, i) => [r, i]));
  const byId = new Map(bank.map((q) => [q.id, q]));
  return plan
    .map((id, i) => ({ id, i, r: roundIndex.get(byId.get(id)?.round ?? "") ?? 0 }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.id);
}

/** What a candidate asks for when starting a session (validated at the edge). */
export interface StartInput {
  role: string;
  preset?: string;
  rounds?: string[];
  questionCount?: number;
  difficulty: Difficulty | "mixed";
  mode: "typed" | "spoken";
  maxFollowups?: number;
  questionIds?: string[];
  /** A pasted job description: questions it stresses are preferred, each with the reason. */
  jobDescription?: string;
  /** The same seed (and the same recent questions) draws the same plan: a preview then holds. */
  planSeed?: number;
}

export interface SessionPlan {
  presetId: string | null;
  rounds: string[];
  questionIds: string[];
  /** Per question, why the job description chose it; null where it did not. */
  reasons: (string | null)[];
}

/** Turns a start request into the rounds and questions to ask; bad choices name the offending field. */
export function planSession(hub: RoleHub, input: StartInput, recentlySeen: string[], lexicon?: Lexicon): SessionPlan {
  const { role } = hub;
  const tailoring = tailorToDescription(hub, input.jobDescription ?? "", lexicon);
  const reasonsFor = (ids: string[]) => ids.map((id) => tailoring.reason(id));
  if (input.questionIds) {
    const rounds: string[] = [];
    input.questionIds.forEach((id, i) => {
      const q = hub.questionsById.get(id);
      if (!q) throw new AppError("validation_failed", `Unknown question "${id}".`, { field: `questionIds[${i}]` });
      if (!rounds.includes(q.round)) rounds.push(q.round);
    });
    return { presetId: null, rounds, questionIds: input.questionIds, reasons: reasonsFor(input.questionIds) };
  }
  if (input.preset && input.rounds) {
    throw new AppError("validation_failed", "Give either a preset or a list of rounds, not both.", {
      field: "rounds",
    });
  }
  let rounds: string[];
  let count: number;
  let presetId: string | null = null;
  if (input.preset) {
    const preset = role.presets.find((p) => p.id === input.preset);
    if (!preset) {
      const known = role.presets.map((p) => p.id).join(", ");
      throw new AppError("validation_failed", `Unknown preset "${input.preset}". Known presets: ${known}.`, {
        field: "preset",
      });
    }
    presetId = preset.id;
    rounds = preset.rounds;
    count = input.questionCount ?? preset.questionCount;
  } else {
    rounds = input.rounds ?? role.rounds.map((r) => r.id);
    rounds.forEach((r, i) => {
      if (!role.rounds.some((x) => x.id === r)) {
        const known = role.rounds.map((x) => x.id).join(", ");
        throw new AppError("validation_failed", `Unknown round "${r}". Known rounds: ${known}.`, {
          field: `rounds[${i}]`,
        });
      }
    });
    count = input.questionCount ?? Math.max(rounds.length, Math.min(6, rounds.length * 2));
  }
  const questionIds = planQuestions(role, hub.questions, {
    rounds,
    questionCount: count,
    difficulty: input.difficulty,
    recentlySeen,
    weights: tailoring.weights,
    random: input.planSeed === undefined ? undefined : seededRandom(input.planSeed),
  });
  if (questionIds.length === 0) {
    throw new AppError("validation_failed", "The chosen rounds have no questions.", { field: "rounds" });
  }
  return { presetId, rounds, questionIds, reasons: reasonsFor(questionIds) };
}
