import OpenAI from "openai";
import type { LlmSettings } from "./settings.ts";

export interface ModelHealth {
  configured: boolean;
  reachable: boolean | null;
  detail?: string;
}

const PROBE_TIMEOUT_MS = 3000;
const CACHE_MS = 15_000;

/**
 * Asks the endpoint for its model list (cheap, no tokens). The answer is cached briefly so that
 * a monitoring loop on /api/health does not hammer the model server.
 */
export function modelHealthProbe(settings: LlmSettings, now = () => Date.now()): () => Promise<ModelHealth> {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    maxRetries: 0,
    timeout: PROBE_TIMEOUT_MS,
  });
  // /api/health is public: it says which kind of endpoint, never its address.
  const where = settings.baseURL ? "the endpoint set in OPENAI_BASE_URL" : "the OpenAI API";
  const models =
    settings.graderModel === settings.interviewerModel
      ? `model ${settings.graderModel}`
      : `grader model ${settings.graderModel}, interviewer model ${settings.interviewerModel}`;
  const describe = `${models} at ${where}; structured output by ${settings.structuredOutput}; a failed grade becomes ${
    settings.failureMode === "offline" ? "an offline grade" : "ungraded"
  }, with the reason`;
  let cached: { at: number; value: ModelHealth } | null = null;
  return async () => {
    if (cached && now() - cached.at < CACHE_MS) return cached.value;
    let value: ModelHealth;
    try {
      const list = await client.models.list();
      const ids = list.data.map((m) => m.id);
      const missing = [settings.graderModel, settings.interviewerModel].filter(
        (m) => ids.length > 0 && !ids.includes(m),
      );
      value = {
        configured: true,
        reachable: true,
        detail:
          missing.length > 0
            ? `${describe}. The endpoint does not list ${[...new Set(missing)].join(", ")}.`
            : `${describe}.`,
      };
    } catch (err) {
      const e = err as { status?: number; message?: string };
      const why = e.status
        ? `HTTP ${e.status}`
        : (e.message ?? String(err))
            .split("\n")[0]
            ?.replace(/\b[a-z][\w+.-]*:\/\/\S+/gi, "(address)")
            .replace(/\b[\w.-]+:\d{2,5}\b/g, "(address)")
            .replace(/\.+$/, "");
      value = { configured: true, reachable: false, detail: `${describe}. The endpoint did not answer: ${why}.` };
    }
    cached = { at: now(), value };
    return value;
  };
}
