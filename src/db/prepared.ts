import type { Db } from "./client.ts";

/**
 * A query built once per database handle (a transaction is a handle of its own), for the queries
 * every request or grade runs: building drizzle's SQL costs more than sending it.
 */
export function preparedPerDb<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<Db, Q>();
  return (db) => {
    let query = built.get(db);
    if (!query) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}

/**
 * A query built once per drizzle instance and run on any handle of it, transactions included: the
 * prepared query is built on the first handle that asks and, for another handle (each transaction
 * has its own), copied with that handle's driver client. Both drizzle drivers we use (postgres-js,
 * PGlite) keep the client their prepared queries send on in a `client` field and share the
 * instance's dialect with every transaction it opens; tests on both drivers pin this.
 */
export function preparedAnywhere<Q extends object>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<object, Q>();
  return (db) => {
    const { dialect, session } = db as unknown as { dialect: object; session: { client: unknown } };
    const query = built.get(dialect);
    if (!query) {
      const fresh = build(db);
      if ((fresh as { client?: unknown }).client !== session.client) {
        throw new Error("preparedAnywhere: the prepared query does not hold its handle's client");
      }
      built.set(dialect, fresh);
      return fresh;
    }
    if ((query as { client: unknown }).client === session.client) return query;
    return Object.assign(Object.create(Object.getPrototypeOf(query)) as Q, query, { client: session.client });
  };
}
