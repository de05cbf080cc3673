type ContentfulStatusCode = 400 | 401 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 501 | 502 | 503;

/** The closed set of error codes the API returns; clients may switch on them. */
export const ERROR_CODES = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  session_not_active: 409,
  turn_not_current: 409,
  turn_already_answered: 409,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  audio_quota_exceeded: 429,
  feature_unavailable: 501,
  upstream_unavailable: 502,
  database_unavailable: 503,
  internal_error: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  field?: string;
  errors?: FieldProblem[];
  requestId?: string;
  /** Seconds until a 429 is worth retrying (also sent as the Retry-After header). */
  retryAfterSeconds?: number;
}

const TITLES: Record<ErrorCode, string> = {
  validation_failed: "The request is not valid",
  invalid_json: "The body is not valid JSON",
  unauthorized: "A valid candidate token is required",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  session_not_active: "The session is no longer active",
  turn_not_current: "That prompt is not the current one",
  turn_already_answered: "That prompt was already answered",
  idempotency_key_reused: "The idempotency key was used for a different request",
  payload_too_large: "The request is too large",
  unsupported_media_type: "Unsupported content type",
  rate_limited: "Too many requests",
  audio_quota_exceeded: "Audio quota used up for now",
  feature_unavailable: "This feature is not configured on this server",
  upstream_unavailable: "A service this request depends on did not answer",
  database_unavailable: "The database is not reachable right now; retry shortly",
  internal_error: "Something went wrong on our side",
};

/** The one error type of the app (domain and HTTP); onError turns it into application/problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly opts: { field?: string; errors?: FieldProblem[]; retryAfterSeconds?: number; allow?: string[] } = {},
  ) {
    super(detail);
    this.name = "AppError";
  }

  get status(): ContentfulStatusCode {
    return ERROR_CODES[this.code];
  }

  /** Headers that belong with the problem: Retry-After on 429, Allow on 405. */
  headers(): Record<string, string> {
    const h: Record<string, string> = { "content-type": "application/problem+json" };
    if (this.opts.retryAfterSeconds !== undefined) h["retry-after"] = String(this.opts.retryAfterSeconds);
    else if (this.status === 503) h["retry-after"] = "2";
    if (this.opts.allow) h.allow = this.opts.allow.join(", ");
    return h;
  }

  toProblem(requestId?: string): Problem {
    const errors = this.opts.errors;
    return {
      type: `https://mockloop.dev/problems/${this.code.replace(/_/g, "-")}`,
      title: TITLES[this.code],
      status: this.status,
      code: this.code,
      detail: this.detail,
      ...((this.opts.field ?? errors?.[0]?.field) ? { field: this.opts.field ?? errors?.[0]?.field } : {}),
      ...(errors && errors.length > 0 ? { errors } : {}),
      ...(requestId ? { requestId } : {}),
      ...(this.opts.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.opts.retryAfterSeconds } : {}),
    };
  }
}
