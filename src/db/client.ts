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

const MIGRATION_LOCK = "mockloop migrations";

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  /**
   * Applies every pending migration from migrations/. On PostgreSQL under an advisory lock, so
   * instances starting together migrate once and the others wait for it.
   */
  migrate(): Promise<void>;
  /** LISTEN on a channel (PostgreSQL only); resolves to a function that stops listening. */
  listen?: (channel: string, onNotify: (payload: string) => void) => Promise<() => Promise<void>>;
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
      max: Math.max(2, opts.maxConnections ?? 10),
      connect_timeout: 10,
      onnotice: () => {},
      connection: { application_name: "mockloop" },
    });
    const db = drizzlePostgres(sql, { schema }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      migrate: async () => {
        // The lock is held on one reserved connection while the migrator runs on the pool.
        const lock = await sql.reserve();
        try {
          await lock`select pg_advisory_lock(hashtext(${MIGRATION_LOCK}))`;
          try {
            await migratePostgres(drizzlePostgres(sql), { migrationsFolder: MIGRATIONS_DIR });
          } finally {
            await lock`select pg_advisory_unlock(hashtext(${MIGRATION_LOCK}))`.catch(() => {});
          }
        } finally {
          lock.release();
        }
      },
      listen: async (channel, onNotify) => {
        const listening = await sql.listen(channel, (payload) => onNotify(payload));
        return () => listening.unlisten();
      },
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
