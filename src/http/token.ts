import { createHash } from "node:crypto";
import type { Context } from "hono";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export const bearerToken = (c: Context) => /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
