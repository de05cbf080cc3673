import { countWords } from "../text/words.ts";
import { countFillers, type FillerCount } from "./fillers.ts";

export const DELIVERY_VERSION = "delivery-1";

/** A comfortable interview pace, in words per minute: slower drags, faster is hard to follow. */
export const PACE_RANGE = { min: 110, max: 170 } as const;
/** Answers shorter than this share of the guideline usually leave depth on the table. */
const SHORT_SHARE = 0.4;
/** Answers longer than this share of the guideline usually lose the listener. */
const LONG_SHARE = 1.25;
/** Fillers per 100 words above which listeners tend to notice them. */
const NOTICEABLE_FILLERS_PER_100 = 3;

export type Pace = "slow" | "steady" | "fast" | "unknown";
export type Length = "short" | "within" | "long" | "unknown";

export type DeliveryInsights = {
  method: string;
  words: number;
  durationMs: number | null;
  wordsPerMinute: number | null;
  pace: Pace;
  paceRange: { min: number; max: number };
  fillers: FillerCount[];
  fillerCount: number;
  fillersPer100Words: number;
  guidelineMinutes: number;
  spokenMinutes: number | null;
  length: Length;
  notes: string[];
};

const round1 = (n: number) => Math.round(n * 10) / 10;

function clock(minutes: number): string {
  const s = Math.round(minutes * 60);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function quoteFillers(fillers: FillerCount[]): string {
  return fillers
    .slice(0, 4)
    .map((f) => `“${f.word}” ×${f.count}`)
    .join(", ");
}

/**
 * Delivery of a spoken answer from its transcript and recording length. Without a duration the
 * pace and length are reported as unknown rather than guessed.
 */
export function deliveryInsights(
  text: string,
  durationMs: number | undefined,
  guidelineMinutes: number,
): DeliveryInsights {
  const words = countWords(text);
  const fillers = countFillers(text);
  const fillerCount = fillers.reduce((a, f) => a + f.count, 0);
  const fillersPer100Words = words > 0 ? round1((fillerCount / words) * 100) : 0;
  const hasDuration = durationMs !== undefined && durationMs >= 1000;
  const spokenMinutes = hasDuration ? durationMs / 60_000 : null;
  const wordsPerMinute = spokenMinutes ? Math.round(words / spokenMinutes) : null;

  let pace: Pace = "unknown";
  if (wordsPerMinute !== null) {
    pace = wordsPerMinute < PACE_RANGE.min ? "slow" : wordsPerMinute > PACE_RANGE.max ? "fast" : "steady";
  }
  let length: Length = "unknown";
  if (spokenMinutes !== null) {
    const share = spokenMinutes / guidelineMinutes;
    length = share < SHORT_SHARE ? "short" : share > LONG_SHARE ? "long" : "within";
  }

  const notes: string[] = [];
  if (wordsPerMinute === null) {
    notes.push("The recording length is unknown, so pace and length could not be measured.");
  } else if (pace === "slow") {
    notes.push(
      `You spoke at ${wordsPerMinute} words per minute, slower than the usual ${PACE_RANGE.min}–${PACE_RANGE.max}. Long pauses are fine while thinking; try to keep sentences moving once you start one.`,
    );
  } else if (pace === "fast") {
    notes.push(
      `You spoke at ${wordsPerMinute} words per minute, faster than the usual ${PACE_RANGE.min}–${PACE_RANGE.max}. Slowing down at key decisions gives the interviewer time to follow.`,
    );
  } else {
    notes.push(`You spoke at ${wordsPerMinute} words per minute, a comfortable pace for an interview.`);
  }
  if (fillerCount === 0) {
    notes.push("No filler words were detected.");
  } else if (fillersPer100Words > NOTICEABLE_FILLERS_PER_100) {
    notes.push(
      `${fillerCount} filler words (${quoteFillers(fillers)}), about ${fillersPer100Words} per 100 words — enough for a listener to notice. A short silent pause works better.`,
    );
  } else {
    notes.push(`${fillerCount} filler word${fillerCount === 1 ? "" : "s"} (${quoteFillers(fillers)}), a light amount.`);
  }
  if (spokenMinutes !== null) {
    const against = `${clock(spokenMinutes)} against a ${clock(guidelineMinutes)} guideline`;
    if (length === "short") notes.push(`You answered in ${against}; there was room to go deeper.`);
    else if (length === "long") notes.push(`You answered in ${against}; lead with the main point and trim detail.`);
    else notes.push(`You answered in ${against}, a good length.`);
  }

  return {
    method: DELIVERY_VERSION,
    words,
    durationMs: hasDuration ? durationMs : null,
    wordsPerMinute,
    pace,
    paceRange: { ...PACE_RANGE },
    fillers,
    fillerCount,
    fillersPer100Words,
    guidelineMinutes,
    spokenMinutes: spokenMinutes === null ? null : round1(spokenMinutes),
    length,
    notes,
  };
}
