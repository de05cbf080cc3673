import { createRoute } from "@hono/zod-openapi";
import { AttemptsParams, AttemptsQuery, QuestionAttempts } from "../api/schemas.ts";
import { requireCandidate } from "../http/auth.ts";
import { bearerSecurity, commonErrors } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { questionAttempts } from "../interview/question-attempts.ts";

/** GET /api/questions/{questionId}/attempts: progress between retries of one question. */
export const attemptRoutes = createRouter();
attemptRoutes.use("*", requireCandidate);

attemptRoutes.openapi(
  createRoute({
    method: "get",
    path: "/{questionId}/attempts",
    tags: ["Sessions"],
    summary: "Your attempts at one question, side by side",
    description:
      "Every answered attempt at the question in this candidate's sessions (the newest 20), oldest first. Each graded " +
      "attempt is compared with the previous graded one: key points newly covered or lost, the change in each " +
      "competency's level, and the time taken. Another candidate's attempts are never included; an unknown question is 404.",
    security: bearerSecurity,
    request: { params: AttemptsParams, query: AttemptsQuery },
    responses: {
      200: { description: "Oldest first", content: { "application/json": { schema: QuestionAttempts } } },
      ...commonErrors,
    },
  }),
  async (c) => {
    const { database, content } = c.get("services");
    const { questionId } = c.req.valid("param");
    const result = await questionAttempts(
      database.db,
      content,
      c.get("candidateId"),
      questionId,
      c.req.valid("query").role,
    );
    return c.json(result, 200);
  },
);
