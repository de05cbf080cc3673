import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Checkouts side by side (worktrees, a CI clone next to a dev tree) share one PostgreSQL server and
// one tmpdir; naming the templates after the checkout keeps their runs from dropping each other's.
const checkout = createHash("sha256").update(process.cwd()).digest("hex").slice(0, 10);

export const PGLITE_TEMPLATE = join(tmpdir(), `mockloop-test-${checkout}`, "pglite-template.tar");
export const PG_TEMPLATE_DB = `mockloop_test_template_${checkout}`;

/** Connects to the server's maintenance database, where CREATE DATABASE can run. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}
