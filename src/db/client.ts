import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
// biome-ignore lint/suspicious/noExplicitAny: the two drivers differ only in their result type.
export type Db = PgDatabase<PgQueryResultHKT, Schema, any>;

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations", import.meta.url));

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  /** Applies every pending migration from migrations/. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory; ignored when databaseUrl is set. "memory://" keeps it in memory. */
  dataDir?: string;
  /** A PGlite data dir tarball (from dumpDataDir) to start from, used by tests. */
  loadDataDir?: Blob;
  /** Pool size for postgres.js. */
  maxConnections?: number;
}

export async function createDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const sql = postgres(opts.databaseUrl, {
      max: opts.maxConnections ?? 10,
      onnotice: () => {},
      connection: { application_name: "mockloop" },
    });
    const db = drizzlePostgres(sql, { schema }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      migrate: () => migratePostgres(drizzlePostgres(sql), { migrationsFolder: MIGRATIONS_DIR }),
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const dataDir = opts.dataDir ?? "./.data";
  let client: PGlite;
  if (dataDir.startsWith("memory://")) {
    client = new PGlite({ loadDataDir: opts.loadDataDir });
  } else {
    const dir = resolve(dataDir, "pglite");
    mkdirSync(resolve(dataDir), { recursive: true });
    client = new PGlite(dir, { loadDataDir: opts.loadDataDir });
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
  };
}
