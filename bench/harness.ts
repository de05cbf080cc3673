import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import postgres from "postgres";
import { createDatabase, type Database } from "../src/db/client.ts";

export type Server = ReturnType<typeof serve>;

/** Where a bench keeps its data: a scratch database on this PostgreSQL server, or an in-memory PGlite. */
export type BenchDatabase = { driver: "postgres"; baseUrl: string } | { driver: "pglite" };

export function listen(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

export async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Creates (or recreates) a scratch database on the server named by adminUrl and returns its URL. */
export async function scratchDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A migrated, empty database for one bench, with the DATABASE_URL the services should see. */
export async function openBenchDatabase(
  target: BenchDatabase,
  name: string,
): Promise<{ database: Database; env: Record<string, string> }> {
  if (target.driver === "pglite") {
    const database = await createDatabase({ dataDir: "memory://" });
    await database.migrate();
    return { database, env: {} };
  }
  const databaseUrl = await scratchDatabase(target.baseUrl, name);
  const database = await createDatabase({ databaseUrl, maxConnections: 20 });
  await database.migrate();
  return { database, env: { DATABASE_URL: databaseUrl } };
}
