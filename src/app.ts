import { randomUUID } from "node:crypto";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { MAX_BODY_BYTES } from "./api/schemas.ts";
import { isDatabaseUnavailable } from "./db/errors.ts";
import { AppError } from "./errors.ts";
import { mountDocs } from "./http/docs.ts";
import { createLimits, limitCandidateCreation, limitPerToken } from "./http/limits.ts";
import { allowedMethods } from "./http/methods.ts";
import { API_TAGS, describeOperations } from "./http/openapi-docs.ts";
import { createRouter } from "./http/router.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { mountWebClient } from "./http/web.ts";
import type { Clock } from "./limits/window.ts";
import { attemptRoutes } from "./routes/attempts.ts";
import { candidateRoutes } from "./routes/candidates.ts";
import { meRoutes, sessionErasureRoutes } from "./routes/data-rights.ts";
import { evalRoutes } from "./routes/evals.ts";
import { metaRoutes } from "./routes/meta.ts";
import { type Lifecycle, probeRoutes, untilStarted } from "./routes/probes.ts";
import { sessionRoutes } from "./routes/sessions.ts";
import { AUDIO_UPLOAD_PATHS, speechRoutes } from "./routes/speech.ts";
import type { Services } from "./services.ts";

export const API_VERSION = "0.1.0";

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400)
      return new AppError("invalid_json", "The request body is not valid JSON.", { field: "body" });
    if (err.status === 413) {
      return new AppError("payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`, { field: "body" });
    }
    if (err.status === 415) {
      return new AppError("unsupported_media_type", "Send the body as application/json.", { field: "Content-Type" });
    }
    if (err.status === 401) return new AppError("unauthorized", err.message);
  }
  if (isDatabaseUnavailable(err)) {
    return new AppError(
      "database_unavailable",
      "The database is not reachable right now. Nothing was lost; retry shortly.",
    );
  }
  return new AppError("internal_error", "An unexpected error occurred. It has been logged with this request id.");
}

export interface AppOptions {
  /** The clock the rate limits count with (tests move it forward). */
  now?: Clock;
}

export function createApp(services: Services, lifecycle: Lifecycle = { phase: "serving" }, options: AppOptions = {}) {
  const app = createRouter();
  const limits = createLimits(services.env, options.now);

  app.use("*", async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    const logger = services.logger.child({ requestId });
    c.set("services", services);
    c.set("requestId", requestId);
    c.set("logger", logger);
    c.set("limits", limits);
    c.header("x-request-id", requestId);
    const started = performance.now();
    await next();
    if (c.req.path.startsWith("/api/")) {
      logger.info("request", {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      });
    }
  });

  app.use("*", securityHeaders);
  app.route("/", probeRoutes(services.database, lifecycle));
  app.use("/api/*", untilStarted(lifecycle));

  const jsonBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`, { field: "body" });
    },
  });
  // Audio uploads carry their own, larger limit (src/routes/speech.ts).
  app.use("/api/*", (c, next) => (AUDIO_UPLOAD_PATHS.includes(c.req.path) ? next() : jsonBodyLimit(c, next)));

  app.use("/api/candidates", limitCandidateCreation);
  const answerLimit = limitPerToken((l) => l.answersPerToken, "Too many answers were sent with this token.");
  app.use("/api/sessions/:id/answers", answerLimit);
  app.use("/api/sessions/:id/skip", answerLimit);
  const audioLimit = limitPerToken((l) => l.audioPerToken, "Too many recordings were sent with this token.");
  for (const path of AUDIO_UPLOAD_PATHS) app.use(path, audioLimit);

  app.onError((err, c) => {
    const appError = toAppError(err);
    // The err serializer (src/log.ts) leaves out query parameters, so no answer text is logged.
    if (appError.code === "internal_error") c.get("logger")?.error("unhandled error", { err });
    return c.body(JSON.stringify(appError.toProblem(c.get("requestId"))), appError.status, appError.headers());
  });

  const methodsFor = allowedMethods(app);
  app.notFound((c) => {
    const allow = methodsFor(c.req.path);
    const e =
      allow.length > 0 && !allow.includes(c.req.method)
        ? new AppError(
            "method_not_allowed",
            `${c.req.method} is not supported on ${c.req.path}; use ${allow.join(", ")}.`,
            {
              allow,
            },
          )
        : new AppError("not_found", `No route for ${c.req.method} ${c.req.path}.`);
    return c.body(JSON.stringify(e.toProblem(c.get("requestId"))), e.status, e.headers());
  });

  app.route("/api/candidates", candidateRoutes);
  app.route("/api/sessions", sessionRoutes);
  app.route("/api/sessions", sessionErasureRoutes);
  app.route("/api/me", meRoutes);
  app.route("/api/questions", attemptRoutes);
  app.route("/api/evals", evalRoutes);
  app.route("/api/speech", speechRoutes);
  app.route("/api", metaRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  describeOperations(app);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    tags: [...API_TAGS],
    info: {
      title: "mockloop API",
      version: API_VERSION,
      description:
        "Self-hosted mock interviews graded against a published rubric. Errors are application/problem+json.",
    },
  });
  mountDocs(app);
  if (services.env.SERVE_WEB) mountWebClient(app);
  return app;
}

export type App = ReturnType<typeof createApp>;
