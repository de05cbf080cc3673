import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../src/db/errors.ts";
import { retryDelay } from "../../src/queue/runner.ts";

describe("retry backoff", () => {
  it("doubles per attempt from the base and stops at five minutes", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(1000, n))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(1000, 30)).toBe(300_000);
  });
});

describe("isDatabaseUnavailable", () => {
  it("is true for a server nobody listens for", async () => {
    const client = postgres("postgres://nobody@127.0.0.1:1/none", { max: 1, connect_timeout: 2 });
    const err = await client`select 1`.catch((e: unknown) => e);
    await client.end();
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("is false for a bad query, through drizzle's wrapper", async () => {
    const pg = new PGlite();
    const err = await drizzle(pg)
      .execute(sql`select * from no_such_table`)
      .catch((e: unknown) => e);
    await pg.close();
    expect(err).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
