import { type Clock, type LimitSpec, type Take, WindowLimiter } from "./window.ts";

/** One limit: a window limiter, or one that always allows when the limit is switched off. */
export type Gate = { check(key: string): Take; take(key: string, cost?: number): Take };
const OPEN: Gate = { check: () => ({ allowed: true }), take: () => ({ allowed: true }) };
export const gate = (spec: LimitSpec | null, now: Clock): Gate => (spec ? new WindowLimiter(spec, now) : OPEN);

/** The abuse limits of one process (see the README: they are not shared between instances). */
export interface Limits {
  candidatesPerAddress: Gate;
  failedAuthPerAddress: Gate;
  answersPerToken: Gate;
  audioPerToken: Gate;
  audioBytesPerCandidate: Gate;
  trustProxy: boolean;
}
