import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import type { Db } from "../db/client.ts";
import { preparedPerDb } from "../db/prepared.ts";
import { candidates } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "./context.ts";
import { clientAddress, enforce } from "./limits.ts";
import { bearerToken, hashToken } from "./token.ts";

export { hashToken };

export async function createCandidate(db: Db): Promise<{ candidateId: string; token: string }> {
  const token = `ml_${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(candidates)
    .values({ tokenHash: hashToken(token) })
    .returning({ id: candidates.id });
  if (!row) throw new AppError("internal_error", "The candidate could not be created.");
  return { candidateId: row.id, token };
}

/** Every request runs it. */
const candidateByToken = preparedPerDb((db) =>
  db
    .select({ id: candidates.id })
    .from(candidates)
    .where(eq(candidates.tokenHash, sql.placeholder("tokenHash")))
    .prepare("candidate_by_token"),
);

/** Resolves the bearer token to a candidate; the token is the only identity the API knows. */
export const requireCandidate = createMiddleware<AppEnv>(async (c, next) => {
  // Routers mounted on one prefix each add this; the first one resolves the token.
  if (c.get("candidateId")) return next();
  const failures = c.get("limits").failedAuthPerAddress;
  const address = clientAddress(c);
  enforce(failures.check(address), "Too many requests from this address had a missing or unknown token.");
  const token = bearerToken(c);
  if (!token) {
    failures.take(address);
    throw new AppError("unauthorized", "Send the token from POST /api/candidates as 'Authorization: Bearer <token>'.", {
      field: "Authorization",
    });
  }
  const [row] = await candidateByToken(c.get("services").database.db).execute({ tokenHash: hashToken(token) });
  if (!row) {
    failures.take(address);
    throw new AppError("unauthorized", "The token is not recognised.", { field: "Authorization" });
  }
  c.set("candidateId", row.id);
  await next();
});
