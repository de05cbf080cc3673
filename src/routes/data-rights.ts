import { createRoute } from "@hono/zod-openapi";
import { DataExport, DeletedCounts, IdParam, MeSummary } from "../api/schemas.ts";
import { requireCandidate } from "../http/auth.ts";
import { bearerSecurity, commonErrors } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { candidateSummary, deleteCandidate, deleteSession, exportCandidate } from "../privacy/data-rights.ts";

const json = <T extends typeof MeSummary | typeof DeletedCounts | typeof DataExport>(
  schema: T,
  description: string,
) => ({
  description,
  content: { "application/json": { schema } },
});

/** GET /api/me, GET /api/me/export and DELETE /api/me. */
export const meRoutes = createRouter();
meRoutes.use("*", requireCandidate);

meRoutes.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Your data"],
    summary: "What is stored for this token",
    description:
      "The candidate behind the bearer token, how many sessions and kept recordings it has, and how long recordings are kept. " +
      "The web client also uses it to check a recovery code before adopting it.",
    security: bearerSecurity,
    responses: { 200: json(MeSummary, "Stored data, in numbers"), ...commonErrors },
  }),
  async (c) => {
    const { database, env } = c.get("services");
    const summary = await candidateSummary(database.db, c.get("candidateId"));
    const days = env.MOCKLOOP_RECORDING_RETENTION_DAYS;
    return c.json({ ...summary, recordingRetentionDays: days > 0 ? days : null }, 200);
  },
);

meRoutes.openapi(
  createRoute({
    method: "get",
    path: "/export",
    tags: ["Your data"],
    summary: "Download everything stored for this token as one JSON file",
    description:
      "Sessions, prompts, answers, grades with their quoted evidence, delivery insights, recording metadata and model-call records. " +
      "Recordings are links that play with the same bearer token (GET /api/speech/clips/{clipId}).",
    security: bearerSecurity,
    responses: { 200: json(DataExport, "The export (sent as an attachment)"), ...commonErrors },
  }),
  async (c) => {
    const origin = new URL(c.req.url).origin;
    const data = await exportCandidate(
      c.get("services").database.db,
      c.get("candidateId"),
      (id) => `${origin}/api/speech/clips/${id}`,
    );
    c.header("content-disposition", `attachment; filename="mockloop-export-${data.exportedAt.slice(0, 10)}.json"`);
    c.header("cache-control", "private, no-store");
    return c.json(data, 200);
  },
);

meRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/",
    tags: ["Your data"],
    summary: "Erase this candidate and everything stored for it",
    description:
      "Deletes every session, answer, grade, model-call record and kept recording, then the candidate itself: " +
      "the token stops working (later requests get 401). This cannot be undone; export first if you want a copy.",
    security: bearerSecurity,
    responses: { 200: json(DeletedCounts, "Erased"), ...commonErrors },
  }),
  async (c) => c.json({ deleted: await deleteCandidate(c.get("services").database.db, c.get("candidateId")) }, 200),
);

/** DELETE /api/sessions/{id}, mounted next to the session routes. */
export const sessionErasureRoutes = createRouter();
sessionErasureRoutes.use("*", requireCandidate);

sessionErasureRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["Sessions"],
    summary: "Erase one session",
    description:
      "Deletes the session with its prompts, answers, grades, model-call records and kept recordings. Other sessions stay.",
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 200: json(DeletedCounts, "Erased"), ...commonErrors },
  }),
  async (c) => {
    const deleted = await deleteSession(c.get("services").database.db, c.get("candidateId"), c.req.valid("param").id);
    return c.json({ deleted }, 200);
  },
);
