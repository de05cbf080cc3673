/**
 * Answers in progress live in localStorage, keyed by session and turn, so a reload, a crash or
 * a failed submit never loses them. The idempotency key travels with the draft: resubmitting
 * the same text after a lost response replays the stored result instead of failing.
 */
export interface Draft {
  text: string;
  /** Milliseconds of recorded speech behind this text, for spoken answers. */
  durationMs?: number;
  spoken?: boolean;
  idempotencyKey?: string;
  /** The text the idempotency key was issued for. */
  keyFor?: string;
  savedAt: number;
}

const PREFIX = "mockloop.draft.";
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

const keyOf = (sessionId: string, turnId: string) => `${PREFIX}${sessionId}.${turnId}`;

export function loadDraft(sessionId: string, turnId: string): Draft | null {
  try {
    const raw = localStorage.getItem(keyOf(sessionId, turnId));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(sessionId: string, turnId: string, draft: Omit<Draft, "savedAt">): boolean {
  try {
    if (!draft.text && !draft.durationMs) localStorage.removeItem(keyOf(sessionId, turnId));
    else localStorage.setItem(keyOf(sessionId, turnId), JSON.stringify({ ...draft, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(sessionId: string, turnId: string): void {
  localStorage.removeItem(keyOf(sessionId, turnId));
}

/** Drops drafts nobody came back to within a month. */
export function pruneDrafts(now = Date.now()): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      const d = JSON.parse(localStorage.getItem(key) ?? "{}") as Draft;
      if (!d.savedAt || now - d.savedAt > MAX_AGE_MS) localStorage.removeItem(key);
    } catch {
      localStorage.removeItem(key);
    }
  }
}

const START_PREFIX = "mockloop.started.";

/** When the candidate first saw a prompt, so the timer survives a reload. */
export function promptStartedAt(turnId: string): number {
  const key = START_PREFIX + turnId;
  const stored = Number(localStorage.getItem(key));
  if (stored > 0) return stored;
  const now = Date.now();
  try {
    localStorage.setItem(key, String(now));
  } catch {
    // Storage full or blocked: the timer simply restarts on reload.
  }
  return now;
}

export function forgetPromptStart(turnId: string): void {
  localStorage.removeItem(START_PREFIX + turnId);
}
