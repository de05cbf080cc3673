import { parseEnv } from "../config/env.ts";
import { createDatabase } from "./client.ts";

const env = parseEnv();
const database = await createDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
await database.migrate();
console.log(`migrations applied (${database.driver})`);
await database.close();
