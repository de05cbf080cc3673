import type { turns } from "../db/schema.ts";
import type { ExchangeTurn } from "./types.ts";

type TurnRow = typeof turns.$inferSelect;

/** A question's thread as a grader or interviewer reads it: the answered prompts, in order. */
export function exchangeOf(thread: readonly TurnRow[]): ExchangeTurn[] {
  return thread
    .filter((t) => t.status === "answered" && t.answer)
    .map((t) => ({
      turnId: t.id,
      kind: t.kind,
      prompt: t.prompt,
      answer: t.answer ?? "",
      targetKeyPointId: t.targetKeyPointId,
    }));
}
