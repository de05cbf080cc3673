import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context.ts";

/** One tag per resource, in the order /docs shows them. */
export const API_TAGS = [
  { name: "Candidates", description: "The anonymous identity: a bearer token, no account." },
  { name: "Sessions", description: "Mock interviews: start, answer, skip, end, scorecards, history, erase." },
  { name: "Your data", description: "Export or erase everything stored for a token." },
  { name: "Speech", description: "Transcription, text-to-speech and recordings kept by choice." },
  { name: "Roles and health", description: "The published question bank, rubric and server status." },
  { name: "Evals", description: "How closely each grader agrees with people on the open eval set." },
] as const;

type Tag = (typeof API_TAGS)[number]["name"];

function tagFor(path: string): Tag {
  if (path.startsWith("/api/candidates")) return "Candidates";
  if (path.startsWith("/api/sessions")) return "Sessions";
  if (path.startsWith("/api/me")) return "Your data";
  if (path.startsWith("/api/speech")) return "Speech";
  if (path.startsWith("/api/evals")) return "Evals";
  return "Roles and health";
}

/**
 * Descriptions for operations whose route does not carry one. A route's own description wins;
 * the OpenAPI test fails for any operation left without either.
 */
const DESCRIPTIONS: Record<string, string> = {
  "post /api/sessions":
    "Plans the questions (a preset, chosen rounds, or exact questionIds) and returns the session with its first prompt. " +
    "Recently seen questions are avoided. The example asks one question with at most one follow-up.",
  "get /api/sessions/{id}":
    "The transcript so far and the open prompt, if any. Reading a session that a crash left without an open prompt finishes the step first.",
  "post /api/sessions/{id}/skip":
    "Moves past the current bank question and its follow-ups without an answer; the question is recorded as skipped, not failed.",
  "post /api/sessions/{id}/end":
    "Stops the interview now. Unasked questions are not graded; answered ones are, and the scorecard says how many were skipped.",
  "get /api/evals/runs": "Runs stored by `npm run eval`: grader, model and prompt versions, and the headline metrics.",
  "get /api/evals/runs/{id}": "Everything one eval run recorded, including each item's predicted and gold labels.",
  "get /api/speech/clips":
    "Metadata of the recordings kept for one of your sessions; the audio itself is at /api/speech/clips/{clipId}.",
  "get /api/speech/clips/{clipId}":
    "The recording's bytes with the content type it was uploaded with (from the allow-list).",
  "delete /api/speech/clips/{clipId}": "Deletes one kept recording at once; the answer's transcript stays.",
  "post /api/speech/synthesis":
    "Returns audio for the text from the configured text-to-speech model; without one, the browser reads prompts itself (501).",
  "get /api/roles":
    "Everything a candidate may see before starting: rounds, presets and the rubric with its level descriptions.",
  "get /api/health":
    "Public: which grader and interviewer are active, whether the database answers and, with a model configured, whether " +
    "the endpoint answers. Endpoint addresses and keys are never included.",
};

/** Gives every operation a resource tag and a description before the document is generated. */
export function describeOperations(app: OpenAPIHono<AppEnv>): void {
  for (const def of app.openAPIRegistry.definitions) {
    if (def.type !== "route") continue;
    const route = def.route;
    if (!route.tags || route.tags.length === 0) route.tags = [tagFor(route.path)];
    route.description ??= DESCRIPTIONS[`${route.method} ${route.path}`];
  }
}
