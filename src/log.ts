import { type DestinationStream, pino } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Error properties that may carry what a candidate wrote (query parameters, bodies); never logged. */
const DATA_BEARING = new Set(["params", "parameters", "args", "body", "text", "answer", "input", "values"]);
/** Error properties worth keeping: where and why it failed, never with what data. */
const KEPT = ["code", "severity", "routine", "constraint", "table", "column", "status"];

/** The first line of a message, minus the "params:" tail drizzle appends to failed queries. */
function safeMessage(message: string): string {
  return message.split(/\r?\nparams:/)[0] as string;
}

/**
 * pino's `err` serializer, restricted: type, message, stack, cause and a few diagnostic fields.
 * Database drivers put the query parameters (the answer text itself) on the error and in its
 * message; both are left out so the error log never records what a candidate wrote.
 */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> | string {
  if (typeof err === "string") return safeMessage(err);
  if (!(err instanceof Error)) return `(a thrown ${typeof err})`;
  const message = safeMessage(err.message);
  const stackFrames = (err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  const out: Record<string, unknown> = {
    type: err.constructor?.name ?? err.name,
    message,
    stack: [`${err.name}: ${message}`, ...stackFrames].join("\n"),
  };
  const record = err as unknown as Record<string, unknown>;
  for (const key of KEPT) {
    const v = record[key];
    if (!DATA_BEARING.has(key) && (typeof v === "string" || typeof v === "number")) out[key] = v;
  }
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

/** Wraps pino so call sites keep `logger.info(msg, fields)`; the lines are plain pino JSON. */
function wrap(p: pino.Logger): Logger {
  return {
    debug: (m, f) => p.debug(f ?? {}, m),
    info: (m, f) => p.info(f ?? {}, m),
    warn: (m, f) => p.warn(f ?? {}, m),
    error: (m, f) => p.error(f ?? {}, m),
    child: (fields) => wrap(p.child(fields)),
  };
}

/**
 * pino JSON lines (numeric levels, epoch `time`, `err` serializer), so pino-pretty and pino
 * transports read them; request lines carry the request id.
 */
export function createLogger(
  level: LogLevel = "info",
  base: Record<string, unknown> = {},
  write?: (line: string) => void,
): Logger {
  const destination: DestinationStream | undefined = write ? { write } : undefined;
  const options: pino.LoggerOptions = {
    level,
    base: { pid: process.pid, ...base },
    serializers: { err: serializeError, error: serializeError },
  };
  return wrap(destination ? pino(options, destination) : pino(options));
}
