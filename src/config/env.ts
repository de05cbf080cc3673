import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./.data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  CONTENT_DIR: z.string().min(1).optional(),
  /** Follow-ups the interviewer may ask per bank question. */
  MAX_FOLLOWUPS: z.coerce.number().int().min(0).max(5).default(2),
  /** How many of a candidate's most recent questions selection tries to avoid. */
  RECENT_QUESTIONS_AVOIDED: z.coerce.number().int().min(0).max(500).default(30),
  SERVE_WEB: bool.default(true),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

/** Parses the environment once at start; a bad value stops the server with the variable named. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}
