import { randomInt } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import {
  AnswerAccepted,
  CreateSessionBody,
  History,
  HistoryQuery,
  IdParam,
  PlanPreview,
  Scorecard,
  SessionView,
  SubmitAnswerBody,
  TurnRef,
} from "../api/schemas.ts";
import { requireCandidate } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { bearerSecurity, commonErrors, stateErrors } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { answerAsEventStream, wantsEventStream } from "./answer-stream.ts";
import { acceptedView, historyView, planView, scorecardView, sessionView } from "./session-views.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional()
    .openapi({ description: "Repeat a request safely: the same key and body return the stored result." }),
});

export const sessionRoutes = createRouter();
sessionRoutes.use("*", requireCandidate);

sessionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Start a mock interview",
    security: bearerSecurity,
    request: { body: body(CreateSessionBody) },
    responses: { 201: json(SessionView, "The new session with its first prompt"), ...commonErrors },
  }),
  async (c) => {
    const { interview } = c.get("services");
    const { session, turns } = await interview.start(c.get("candidateId"), c.req.valid("json"));
    return c.json(sessionView(interview.hub(session.roleId), session, turns), 201);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/preview",
    summary: "The questions a new session would ask, without starting it",
    description:
      "Takes the body of POST /api/sessions. Lists the questions' rounds, guideline minutes and, with a " +
      "job description, why each was chosen. Send the returned `planSeed` when starting to be asked this plan.",
    security: bearerSecurity,
    request: { body: body(CreateSessionBody) },
    responses: { 200: json(PlanPreview, "The plan"), ...commonErrors },
  }),
  async (c) => {
    const { interview } = c.get("services");
    const input = c.req.valid("json");
    const planSeed = input.planSeed ?? randomInt(2 ** 31 - 1);
    const plan = await interview.preview(c.get("candidateId"), { ...input, planSeed });
    const questions = planView(interview.hub(input.role), plan.questionIds, plan.reasons);
    return c.json(
      {
        planSeed,
        tailored: input.jobDescription !== undefined,
        guidelineMinutes: questions.reduce((sum, q) => sum + q.timeGuidelineMinutes, 0),
        questions,
      },
      200,
    );
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "The candidate's past sessions with their scorecards",
    description:
      "Newest first, `limit` at a time (default and maximum 100). `total` counts every session; while " +
      "`nextCursor` is not null, pass it as `cursor` for the next page.",
    security: bearerSecurity,
    request: { query: HistoryQuery },
    responses: { 200: json(History, "Newest first"), ...commonErrors },
  }),
  async (c) => {
    const { interview } = c.get("services");
    const page = await interview.history(c.get("candidateId"), c.req.valid("query"));
    return c.json(
      historyView((roleId) => interview.hub(roleId), page),
      200,
    );
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "A session with its current prompt and transcript",
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 200: json(SessionView, "The session"), ...commonErrors },
  }),
  async (c) => {
    const { interview } = c.get("services");
    const { session, turns } = await interview.view(c.get("candidateId"), c.req.valid("param").id);
    return c.json(sessionView(interview.hub(session.roleId), session, turns), 200);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/{id}/answers",
    summary: "Answer the current prompt and receive the next one",
    description:
      "The answer is stored before anything else happens. The response carries the interviewer's decision " +
      "(follow up or move on) and the next prompt, or null when the interview is over.",
    security: bearerSecurity,
    request: { params: IdParam, headers: IdempotencyHeader, body: body(SubmitAnswerBody) },
    responses: {
      200: {
        description:
          "Answer stored. With `Accept: text/event-stream` the reply is Server-Sent Events: `delta` events " +
          "({text}) as a follow-up is written, then `result` (this JSON body) or `error` (a problem body).",
        content: {
          "application/json": { schema: AnswerAccepted },
          "text/event-stream": { schema: z.string() },
        },
      },
      ...commonErrors,
      ...stateErrors,
    },
  }),
  async (c) => {
    const { interview } = c.get("services");
    const input = c.req.valid("json");
    const answer = {
      candidateId: c.get("candidateId"),
      sessionId: c.req.valid("param").id,
      idempotencyKey: c.req.valid("header")["idempotency-key"],
      ...input,
    };
    const view = (result: Awaited<ReturnType<typeof interview.answer>>) =>
      acceptedView(interview.hub(result.session.roleId), result);
    if (wantsEventStream(c.req.header("accept"))) {
      return answerAsEventStream(c, async (onDelta, onInterrupted) =>
        view(await interview.answer(answer, { onDelta, onInterrupted })),
      );
    }
    return c.json(view(await interview.answer(answer)), 200);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/{id}/skip",
    summary: "Skip the current question (and any follow-ups on it)",
    security: bearerSecurity,
    request: { params: IdParam, body: body(TurnRef) },
    responses: { 200: json(AnswerAccepted, "Skipped"), ...commonErrors, ...stateErrors },
  }),
  async (c) => {
    const { interview } = c.get("services");
    const result = await interview.skip({
      candidateId: c.get("candidateId"),
      sessionId: c.req.valid("param").id,
      turnId: c.req.valid("json").turnId,
    });
    return c.json(acceptedView(interview.hub(result.session.roleId), result), 200);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/{id}/end",
    summary: "End the interview early; answered questions are still graded",
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 200: json(SessionView, "The ended session"), ...commonErrors, ...stateErrors },
  }),
  async (c) => {
    const { interview } = c.get("services");
    const { session, turns } = await interview.end(c.get("candidateId"), c.req.valid("param").id);
    return c.json(sessionView(interview.hub(session.roleId), session, turns), 200);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "get",
    path: "/{id}/scorecard",
    summary: "Feedback per answer and the session scorecard",
    description: "Grades fill in as they complete; `scorecard.state` is `pending` until every answer is graded.",
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 200: json(Scorecard, "The scorecard"), ...commonErrors },
  }),
  async (c) => {
    const { interview, summaryEnabled } = c.get("services");
    const state = await interview.scorecard(c.get("candidateId"), c.req.valid("param").id);
    return c.json(scorecardView(interview.hub(state.session.roleId), state, summaryEnabled), 200);
  },
);

export type SessionRoutes = typeof sessionRoutes;
export type { AppEnv };
