const segmenter = new Intl.Segmenter(undefined, { granularity: "word" });

/**
 * Words in a text, in any script. Scripts written without spaces (Chinese, Japanese, Thai) are
 * split by the runtime's dictionary-based segmenter, so a Chinese sentence counts its words, not 1.
 */
export function countWords(text: string): number {
  let n = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
  return n;
}
