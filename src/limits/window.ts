import { z } from "zod";

/** "N per window": at most `amount` units (requests, or bytes for the audio quota) per `windowMs`. */
export interface LimitSpec {
  amount: number;
  windowMs: number;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const SIZE = { "": 1, k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 } as const;

/** Parses "30/1h", "5/10s" or, for sizes, "100M/24h"; "off" turns the limit off (null). */
export const LimitSetting = z
  .string()
  .regex(/^(off|\d+[kmg]?\/\d+[smhd])$/i, 'must look like "30/1h" (amount per window: s, m, h or d), or "off"')
  .transform((v): LimitSpec | null => {
    if (v.toLowerCase() === "off") return null;
    const [, amount, size, window, unit] = /^(\d+)([kmg]?)\/(\d+)([smhd])$/i.exec(v) as RegExpExecArray;
    return {
      amount: Number(amount) * SIZE[(size as string).toLowerCase() as keyof typeof SIZE],
      windowMs: Number(window) * UNIT_MS[(unit as string).toLowerCase() as keyof typeof UNIT_MS],
    };
  });

export type Clock = () => number;

export type Take = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A fixed-window counter per key, in this process's memory. Several instances behind a load
 * balancer each count on their own; a shared store would be needed to make the limit global.
 */
export class WindowLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly spec: LimitSpec,
    private readonly now: Clock = Date.now,
  ) {}

  private current(key: string, at: number) {
    const w = this.windows.get(key);
    if (w && at - w.start < this.spec.windowMs) return w;
    if (this.windows.size > 10_000) this.sweep(at);
    const fresh = { start: at, used: 0 };
    this.windows.set(key, fresh);
    return fresh;
  }

  private retryAfter(w: { start: number }, at: number): number {
    return Math.max(1, Math.ceil((w.start + this.spec.windowMs - at) / 1000));
  }

  /** Whether the key is already at its limit, without using anything. */
  check(key: string): Take {
    const at = this.now();
    const w = this.windows.get(key);
    if (!w || at - w.start >= this.spec.windowMs || w.used < this.spec.amount) return { allowed: true };
    return { allowed: false, retryAfterSeconds: this.retryAfter(w, at) };
  }

  /** Uses `cost` units if they fit in the key's window; otherwise nothing is used. */
  take(key: string, cost = 1): Take {
    const at = this.now();
    const w = this.current(key, at);
    if (w.used + cost > this.spec.amount) return { allowed: false, retryAfterSeconds: this.retryAfter(w, at) };
    w.used += cost;
    return { allowed: true };
  }

  private sweep(at: number) {
    for (const [key, w] of this.windows) if (at - w.start >= this.spec.windowMs) this.windows.delete(key);
  }
}
