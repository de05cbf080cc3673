import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Limits } from "../limits/gates.ts";
import type { Logger } from "../log.ts";
import type { Services } from "../services.ts";

export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    logger: Logger;
    candidateId: string;
    limits: Limits;
  };
}

export type AppRouter = OpenAPIHono<AppEnv>;
