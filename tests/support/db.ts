import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { createDatabase, type Database } from "../../src/db/client.ts";
import { adminUrl, PG_TEMPLATE_DB, PGLITE_TEMPLATE } from "./paths.ts";

export const testDriver = (): "pglite" | "postgres" => (process.env.TEST_DB === "postgres" ? "postgres" : "pglite");

let template: Blob | undefined;

/**
 * A fresh, migrated database for one test: a PGlite clone of the migrated template, or a new
 * PostgreSQL database created from the template database. close() drops it.
 */
export async function freshDatabase(): Promise<Database> {
  if (testDriver() === "pglite") {
    template ??= new Blob([readFileSync(PGLITE_TEMPLATE)]);
    return createDatabase({ dataDir: "memory://", loadDataDir: template });
  }
  const url = process.env.TEST_DATABASE_URL as string;
  const name = `mockloop_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl(url), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${PG_TEMPLATE_DB}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await createDatabase({ databaseUrl: u.toString(), maxConnections: 5 });
  return {
    ...db,
    close: async () => {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
