/**
 * "No telemetry" enforced: LangChain sends every prompt and answer to LangSmith when its tracing
 * variables are set, whoever set them (a shell profile, a shared .env). Unless the operator opts in
 * with MOCKLOOP_ALLOW_TRACING=1, they are removed from the environment before LangChain reads them.
 */
const TRACING_PREFIXES = ["LANGSMITH_", "LANGCHAIN_"];

export interface TracingDecision {
  allowed: boolean;
  /** The variables that were present (and, unless allowed, removed). */
  variables: string[];
  /** For the start-up line. */
  summary: string;
}

const truthy = (v: string | undefined) => v !== undefined && ["1", "true", "yes"].includes(v.toLowerCase());

export function guardTelemetry(env: Record<string, string | undefined> = process.env): TracingDecision {
  const variables = Object.keys(env)
    .filter((k) => TRACING_PREFIXES.some((p) => k.toUpperCase().startsWith(p)))
    .sort();
  const allowed = truthy(env.MOCKLOOP_ALLOW_TRACING);
  if (!allowed) for (const k of variables) delete env[k];
  const names = variables.join(", ");
  const summary = allowed
    ? variables.length > 0
      ? `tracing allowed by MOCKLOOP_ALLOW_TRACING: ${names} kept, answers may leave this machine`
      : "tracing allowed by MOCKLOOP_ALLOW_TRACING, but no tracing variables are set"
    : variables.length > 0
      ? `off: ignored ${names} (set MOCKLOOP_ALLOW_TRACING=1 to allow tracing)`
      : "off";
  return { allowed, variables, summary };
}
