import { ProblemSchema } from "../api/schemas.ts";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The error responses every authenticated route can return. */
export const commonErrors = {
  400: problem("The request is invalid; `field` names the offending field."),
  401: problem("Missing or unknown bearer token."),
  404: problem("No such resource for this candidate."),
} as const;

export const stateErrors = {
  409: problem("The session or prompt is not in a state that allows this."),
  422: problem("The idempotency key was used for a different request."),
} as const;

export const bearerSecurity = [{ bearerAuth: [] }];
