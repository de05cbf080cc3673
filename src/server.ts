import { serve } from "@hono/node-server";
import { EnvError, parseEnv } from "./config/env.ts";
import { ContentError, loadContent } from "./content/load.ts";
import { createDatabase } from "./db/client.ts";
import { createApp } from "./http/app.ts";
import { buildLlmServices } from "./llm/build.ts";
import { createLogger } from "./log.ts";
import { buildServices } from "./services.ts";

async function main() {
  const env = parseEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const content = loadContent(env.CONTENT_DIR);
  const database = await createDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  await database.migrate();
  const llm = buildLlmServices(env, { db: database.db, content, logger });
  const services = buildServices(env, database, content, logger, llm?.overrides);
  await services.grading.start();
  const app = createApp(services);
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const g = services.grader.info();
    logger.info("mockloop is listening", {
      url: `http://${env.HOST === "127.0.0.1" ? "localhost" : env.HOST}:${info.port}`,
      database: database.driver,
      grader: g.id === "offline" ? "offline (no language model configured)" : `${g.id} ${g.model ?? ""}`.trim(),
    });
  });
  const shutdown = async () => {
    services.grading.stop();
    server.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err) => {
  if (err instanceof EnvError || err instanceof ContentError) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
