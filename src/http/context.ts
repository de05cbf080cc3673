import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Logger } from "../log.ts";
import type { Services } from "../services.ts";

export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    logger: Logger;
    candidateId: string;
  };
}

export type AppRouter = OpenAPIHono<AppEnv>;
