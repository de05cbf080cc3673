/** A line that reads as code: a definition, an import, a control line ending in a colon, or an assignment. */
const CODE_LINE =
  /^\s*(?:def\s+\w+\s*\(|class\s+\w+|import\s+\w|from\s+[\w.]+\s+import\s|return\b|(?:for|while|if|elif|with)\b[^\n]*[=<>()[\]][^\n]*:\s*(?:#.*)?$|for\s+\w+(?:\s*,\s*\w+)*\s+in\s+\S+:|[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*\s*(?:[-+*/@]|\/\/)?=(?!=)\s*\S)/;
/** Prose that happens to match (e.g. "if it drifts, retrain:") is long and wordy; code lines are short. */
const MAX_CODE_WORDS = 16;

/** How many lines of a text are code, fenced or not. */
export function codeLineCount(text: string): number {
  let n = 0;
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (line.trim() === "") continue;
    if (fenced || (CODE_LINE.test(line) && line.trim().split(/\s+/).length <= MAX_CODE_WORDS)) n++;
  }
  return n;
}
