import { createRoute } from "@hono/zod-openapi";
import { CandidateCreated } from "../api/schemas.ts";
import { createCandidate } from "../http/auth.ts";
import { createRouter } from "../http/router.ts";

export const candidateRoutes = createRouter();

candidateRoutes.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Create an anonymous candidate and get its bearer token",
    description: "No sign-up: the token is the identity. Keep it; it is shown only once.",
    responses: { 201: { description: "Created", content: { "application/json": { schema: CandidateCreated } } } },
  }),
  async (c) => c.json(await createCandidate(c.get("services").database.db), 201),
);
