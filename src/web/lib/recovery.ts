import type { DeletedCountsT } from "../../api/schemas.ts";
import { ApiError, api } from "../api/client.ts";
import { loadToken, saveToken } from "../api/token.ts";
import { explain } from "./errors.ts";
import { plural } from "./format.ts";

/** The server's tokens: "ml_" and 32 random bytes in base64url. */
const CODE = /^ml_[A-Za-z0-9_-]{43}$/;

export type ImportOutcome = { ok: true; sessions: number } | { ok: false; message: string };

/** A code pasted from a note or a chat often carries spaces or line breaks. */
export function cleanCode(input: string): string {
  return input.replace(/\s+/g, "");
}

/**
 * Adopts a recovery code only after the server recognised it, so a wrong or mistyped code
 * never replaces this browser's identity.
 */
export async function importRecoveryCode(input: string): Promise<ImportOutcome> {
  const code = cleanCode(input);
  const kept = loadToken() ? " This browser keeps its current recovery code." : "";
  if (!code) return { ok: false, message: "Paste the recovery code from your other browser first." };
  if (!CODE.test(code)) {
    return {
      ok: false,
      message: `That is not a mockloop recovery code: a code starts with ml_ and is 46 characters long.${kept}`,
    };
  }
  try {
    const me = await api.meWith(code);
    saveToken(code);
    return { ok: true, sessions: me.sessions };
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      return {
        ok: false,
        message: `This server does not recognise that recovery code. Check it for typos; a code from another mockloop server, or one whose data was erased, does not work here.${kept}`,
      };
    }
    return { ok: false, message: `${explain(err)}${kept}` };
  }
}

/** "2 interviews, 9 questions and follow-ups with their answers, …" for a deletion receipt. */
export function describeDeleted({ deleted: d }: DeletedCountsT): string {
  return [
    plural(d.sessions, "interview"),
    `${plural(d.turns, "question and follow-up", "questions and follow-ups")} with their answers`,
    plural(d.grades, "grade"),
    plural(d.recordings, "kept recording"),
    plural(d.modelCalls, "model-call record"),
  ].join(", ");
}
