import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import type { Db } from "../db/client.ts";
import { candidates } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "./context.ts";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createCandidate(db: Db): Promise<{ candidateId: string; token: string }> {
  const token = `ml_${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(candidates)
    .values({ tokenHash: hashToken(token) })
    .returning({ id: candidates.id });
  if (!row) throw new AppError("internal_error", "The candidate could not be created.");
  return { candidateId: row.id, token };
}

/** Resolves the bearer token to a candidate; the token is the only identity the API knows. */
export const requireCandidate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw new AppError("unauthorized", "Send the token from POST /api/candidates as 'Authorization: Bearer <token>'.", {
      field: "Authorization",
    });
  }
  const { db } = c.get("services").database;
  const [row] = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(eq(candidates.tokenHash, hashToken(match[1] as string)));
  if (!row) throw new AppError("unauthorized", "The token is not recognised.", { field: "Authorization" });
  c.set("candidateId", row.id);
  await next();
});
