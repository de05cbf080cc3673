const segmenter = new Intl.Segmenter(undefined, { granularity: "word" });

/** Segmenting is the cost: each answer is counted again at every later turn of its thread. */
const counted = new Map<string, number>();
const COUNTS_KEPT = 4000;

/**
 * Words in a text, in any script. Scripts written without spaces (Chinese, Japanese, Thai) are
 * split by the runtime's dictionary-based segmenter, so a Chinese sentence counts its words, not 1.
 */
export function countWords(text: string): number {
  let n = counted.get(text);
  if (n !== undefined) return n;
  n = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
  if (counted.size >= COUNTS_KEPT) counted.clear();
  counted.set(text, n);
  return n;
}
