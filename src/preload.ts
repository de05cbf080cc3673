import { existsSync } from "node:fs";
import { guardTelemetry, type TracingDecision } from "./privacy/telemetry.ts";

/**
 * Runs before anything else is imported by src/server.ts: reads ./.env (variables already set in
 * the environment win), then removes tracing variables so LangChain never sees them.
 */
const envFile = process.env.MOCKLOOP_ENV_FILE ?? ".env";
export const loadedEnvFile: string | null = existsSync(envFile) ? envFile : null;
if (loadedEnvFile) process.loadEnvFile(loadedEnvFile);

export const tracing: TracingDecision = guardTelemetry(process.env);
