import { createRoute, z } from "@hono/zod-openapi";
import {
  AnswerAccepted,
  CreateSessionBody,
  History,
  IdParam,
  Scorecard,
  SessionView,
  SubmitAnswerBody,
  TurnRef,
} from "../api/schemas.ts";
import { requireCandidate } from "../http/auth.ts";
import type { AppEnv } from "../http/context.ts";
import { bearerSecurity, commonErrors, stateErrors } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import {
  type Advance,
  advance,
  createSession,
  endSession,
  hubFor,
  skipTurn,
  submitAnswer,
} from "../interview/engine.ts";
import {
  candidateSessions,
  findOwnedSession,
  gradesForSessions,
  sessionGrades,
  sessionTurns,
} from "../interview/store.ts";
import { promptView, scorecardSummary, scorecardView, sessionView } from "../interview/views.ts";
import { sessionUsage } from "../llm/accounting.ts";
import type { Services } from "../services.ts";
import { answerAsEventStream, wantsEventStream } from "./answer-stream.ts";

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

/** Loads a session and heals it if a crash left it without an open prompt. */
async function loadView(services: Services, candidateId: string, id: string) {
  let session = await findOwnedSession(services.database.db, candidateId, id);
  let turns = await sessionTurns(services.database.db, session.id);
  const last = turns[turns.length - 1];
  if (session.status === "active" && last && last.status !== "open") {
    await advance(services.engine, candidateId, id, { forceMoveOn: null }, {}, last.id);
    session = await findOwnedSession(services.database.db, candidateId, id);
    turns = await sessionTurns(services.database.db, session.id);
  }
  return { hub: hubFor(services.content, session.roleId), session, turns };
}

export function acceptedView(services: Services, result: Advance) {
  const hub = hubFor(services.content, result.session.roleId);
  return {
    answeredTurnId: result.answeredTurnId,
    decision: result.decision,
    next:
      result.next && result.next.status === "open" ? promptView(hub, result.session, result.next, result.turns) : null,
    sessionStatus: result.session.status,
    replayed: result.replayed,
  };
}

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
    const services = c.get("services");
    const session = await createSession(services.engine, c.get("candidateId"), c.req.valid("json"));
    const view = await loadView(services, c.get("candidateId"), session.id);
    return c.json(sessionView(view.hub, view.session, view.turns), 201);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "The candidate's past sessions with their scorecards",
    security: bearerSecurity,
    responses: { 200: json(History, "Newest first"), ...commonErrors },
  }),
  async (c) => {
    const { db } = c.get("services").database;
    const services = c.get("services");
    const rows = await candidateSessions(db, c.get("candidateId"));
    const allGrades = await gradesForSessions(
      db,
      rows.map((r) => r.id),
    );
    const sessions = await Promise.all(
      rows.map(async (s) => {
        const hub = hubFor(services.content, s.roleId);
        const turns = await sessionTurns(db, s.id);
        return {
          id: s.id,
          createdAt: s.createdAt.toISOString(),
          status: s.status,
          role: s.roleId,
          presetId: s.presetId,
          rounds: s.rounds,
          mode: s.mode,
          questionCount: s.questionIds.length,
          scorecard: scorecardSummary(
            hub,
            s,
            turns,
            allGrades.filter((g) => g.sessionId === s.id),
          ),
        };
      }),
    );
    return c.json({ sessions }, 200);
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
    const { hub, session, turns } = await loadView(c.get("services"), c.get("candidateId"), c.req.valid("param").id);
    return c.json(sessionView(hub, session, turns), 200);
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
    const services = c.get("services");
    const input = c.req.valid("json");
    const answer = {
      candidateId: c.get("candidateId"),
      sessionId: c.req.valid("param").id,
      idempotencyKey: c.req.valid("header")["idempotency-key"],
      ...input,
    };
    if (wantsEventStream(c.req.header("accept"))) {
      return answerAsEventStream(c, async (onDelta) =>
        acceptedView(services, await submitAnswer(services.engine, answer, { onDelta })),
      );
    }
    const result = await submitAnswer(services.engine, answer);
    return c.json(acceptedView(services, result), 200);
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
    const services = c.get("services");
    const result = await skipTurn(services.engine, {
      candidateId: c.get("candidateId"),
      sessionId: c.req.valid("param").id,
      turnId: c.req.valid("json").turnId,
    });
    return c.json(acceptedView(services, result), 200);
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
    const services = c.get("services");
    await endSession(services.engine, c.get("candidateId"), c.req.valid("param").id);
    const { hub, session, turns } = await loadView(services, c.get("candidateId"), c.req.valid("param").id);
    return c.json(sessionView(hub, session, turns), 200);
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
    const services = c.get("services");
    const { hub, session, turns } = await loadView(services, c.get("candidateId"), c.req.valid("param").id);
    const grades = await sessionGrades(services.database.db, session.id);
    const usage = await sessionUsage(services.database.db, session.id);
    return c.json(scorecardView(hub, session, turns, grades, usage, services.summaryEnabled), 200);
  },
);

export type SessionRoutes = typeof sessionRoutes;
export type { AppEnv };
