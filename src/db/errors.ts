/**
 * Whether an error means the database could not be reached (as opposed to a bad query): the
 * server answers 503 for these and the queue waits and retries instead of failing the job.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== "string") continue;
    if (NETWORK_CODES.has(code)) return true;
    // SQLSTATE class 08 is "connection exception"; 57P01-57P03 mean the server is shutting down or starting.
    if (/^08...$/.test(code) || /^57P0[123]$/.test(code)) return true;
  }
  return false;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // postgres.js's own codes for a connection it lost or could not open.
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);
