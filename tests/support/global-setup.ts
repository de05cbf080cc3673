import { mkdirSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import postgres from "postgres";
import { MIGRATIONS_DIR } from "../../src/db/client.ts";
import { adminUrl, PG_TEMPLATE_DB, PGLITE_TEMPLATE } from "./paths.ts";

/** Migrates once per run: a PGlite data-dir dump and a PostgreSQL template database that tests clone. */
export default async function setup() {
  const pg = new PGlite();
  await migrate(drizzle(pg), { migrationsFolder: MIGRATIONS_DIR });
  const dump = await pg.dumpDataDir("none");
  mkdirSync(new URL(".", `file://${PGLITE_TEMPLATE}`).pathname, { recursive: true });
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await pg.close();

  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const admin = postgres(adminUrl(url), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${PG_TEMPLATE_DB} with (force)`);
  await admin.unsafe(`create database ${PG_TEMPLATE_DB}`);
  const tplUrl = new URL(url);
  tplUrl.pathname = `/${PG_TEMPLATE_DB}`;
  const tpl = postgres(tplUrl.toString(), { max: 1, onnotice: () => {} });
  const { drizzle: drizzlePg } = await import("drizzle-orm/postgres-js");
  const { migrate: migratePg } = await import("drizzle-orm/postgres-js/migrator");
  await migratePg(drizzlePg(tpl), { migrationsFolder: MIGRATIONS_DIR });
  await tpl.end();
  await admin.end();
}
