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
