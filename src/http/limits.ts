import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Env } from "../config/env.ts";
import { AppError } from "../errors.ts";
import { type Gate, gate, type Limits } from "../limits/gates.ts";
import type { Clock, Take } from "../limits/window.ts";
import type { AppEnv } from "./context.ts";
import { bearerToken, hashToken } from "./token.ts";

export function createLimits(env: Env, now: Clock = Date.now): Limits {
  return {
    candidatesPerAddress: gate(env.MOCKLOOP_LIMIT_CANDIDATES, now),
    failedAuthPerAddress: gate(env.MOCKLOOP_LIMIT_FAILED_AUTH, now),
    answersPerToken: gate(env.MOCKLOOP_LIMIT_ANSWERS, now),
    audioPerToken: gate(env.MOCKLOOP_LIMIT_AUDIO, now),
    audioBytesPerCandidate: gate(env.MOCKLOOP_AUDIO_QUOTA, now),
    trustProxy: env.MOCKLOOP_TRUST_PROXY,
  };
}

/** The client address: the socket's, or the first X-Forwarded-For entry behind a trusted proxy. */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get("limits").trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // in-process requests (tests) have no socket
  }
}

export function enforce(result: Take, what: string, code: "rate_limited" | "audio_quota_exceeded" = "rate_limited") {
  if (result.allowed) return;
  throw new AppError(code, `${what} Try again in ${result.retryAfterSeconds} s.`, {
    retryAfterSeconds: result.retryAfterSeconds,
  });
}

export const limitCandidateCreation = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === "POST") {
    enforce(
      c.get("limits").candidatesPerAddress.take(clientAddress(c)),
      "Too many candidates were created from this address.",
    );
  }
  await next();
});

/** Per-token limit on a route family; requests without a token are left to authentication. */
export const limitPerToken = (pick: (l: Limits) => Gate, what: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(c);
    if (c.req.method === "POST" && token) enforce(pick(c.get("limits")).take(hashToken(token)), what);
    await next();
  });
