import { tmpdir } from "node:os";
import { join } from "node:path";

export const PGLITE_TEMPLATE = join(
  tmpdir(),
  `mockloop-test-${process.env.VITEST_RUN_ID ?? "tpl"}`,
  "pglite-template.tar",
);
export const PG_TEMPLATE_DB = "mockloop_test_template";

/** Connects to the server's maintenance database, where CREATE DATABASE can run. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}
