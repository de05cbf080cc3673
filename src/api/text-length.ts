/*
 * Lengths of candidate text, shared by the server's validation and the web client's counters so
 * both always state the same number. No zod here: the web bundle imports this file.
 */

export const MAX_ANSWER_CHARS = 20_000;
export const MAX_JOB_DESCRIPTION_CHARS = 12_000;

/**
 * Characters as a person (and PostgreSQL's char_length) counts them: Unicode code points, so an
 * emoji is one character, not the two UTF-16 units String.length reports. Text is counted as it
 * is sent, without the surrounding white space the client trims.
 */
export function countCharacters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
