import { ApiError } from "../api/client.ts";

/** Words a person can act on, for any failure the client meets. */
export function explain(err: unknown): string {
  if (!(err instanceof ApiError)) {
    return "Something unexpected happened in this page. Your work is saved on this device; reload to continue.";
  }
  const ref = err.problem?.requestId ? ` (reference ${err.problem.requestId.slice(0, 8)})` : "";
  switch (err.code) {
    case "network":
      return err.message;
    case "unauthorized":
      return "This device's sign-in is no longer recognised by the server, so its interviews can't be opened. Start a new interview to continue.";
    case "not_found":
      return "We couldn't find that on the server. It may have been started on another device or browser.";
    case "session_not_active":
      return "This interview has already finished, so it takes no more answers.";
    case "turn_already_answered":
    case "turn_not_current":
      return "That question was already answered, perhaps in another tab. The interview has been reloaded.";
    case "upstream_unavailable":
    case "feature_unavailable":
    case "payload_too_large":
    case "validation_failed":
    case "unsupported_media_type":
      return err.message;
    default:
      if (err.status >= 500) {
        return `The server ran into a problem and couldn't finish that${ref}. Try again in a moment.`;
      }
      return err.message;
  }
}

/** Failures where the server may simply be back in a moment (as opposed to a problem with the request). */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status >= 500);
}
