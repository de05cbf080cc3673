import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { Sql } from "postgres";
import type { Database, Db } from "../../src/db/client.ts";
import * as schema from "../../src/db/schema.ts";

export interface CountingDatabase extends Database {
  /** Every statement sent since the last reset, in order (transaction BEGIN/COMMIT not included). */
  readonly queries: string[];
  reset(): void;
}

/**
 * The same real database, seen through a drizzle instance whose logger records each statement:
 * counting round trips without mocking anything.
 */
export function countingDatabase(database: Database): CountingDatabase {
  const queries: string[] = [];
  const logger = { logQuery: (query: string) => void queries.push(query) };
  const client = (database.db as unknown as { $client: unknown }).$client;
  const db = (database.driver === "pglite"
    ? drizzlePglite({ client: client as PGlite, schema, logger })
    : drizzlePostgres({ client: client as Sql, schema, logger })) as unknown as Db;
  return {
    ...database,
    db,
    queries,
    reset: () => {
      queries.length = 0;
    },
  };
}
