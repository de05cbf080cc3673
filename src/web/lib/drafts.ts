import { randomId } from "./ids.ts";

/**
 * Answers in progress live in localStorage, keyed by session, turn and browser tab, so a reload,
 * a crash or a failed submit never loses them, and two tabs on one interview never overwrite
 * each other's text. The idempotency key travels with the draft: resubmitting the same text
 * after a lost response replays the stored result instead of failing.
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
const TAB_KEY = "mockloop.tabId";
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** Copies kept per question: each tab that opened it may hold one. */
const MAX_TABS_PER_TURN = 5;

const turnKey = (sessionId: string, turnId: string) => `${PREFIX}${sessionId}.${turnId}`;
const keyOf = (sessionId: string, turnId: string, tabId: string) => `${turnKey(sessionId, turnId)}.${tabId}`;

let fallbackTabId: string | null = null;

/** This tab's id: sessionStorage survives a reload of the tab but is not shared with other tabs. */
export function tabId(): string {
  try {
    const stored = sessionStorage.getItem(TAB_KEY);
    if (stored) return stored;
    const id = randomId();
    sessionStorage.setItem(TAB_KEY, id);
    return id;
  } catch {
    fallbackTabId ??= randomId();
    return fallbackTabId;
  }
}

/** A stored draft under its localStorage key. */
export interface StoredDraft {
  key: string;
  draft: Draft;
}

function parse(raw: string | null): Draft | null {
  try {
    const d = raw ? (JSON.parse(raw) as Draft) : null;
    return d && typeof d.text === "string" ? d : null;
  } catch {
    return null;
  }
}

function storedDrafts(): StoredDraft[] {
  const out: StoredDraft[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    const draft = parse(localStorage.getItem(key));
    out.push({ key, draft: draft ?? { text: "", savedAt: 0 } });
  }
  return out;
}

/**
 * The draft a tab opens with: its own, or when it has none (a new tab, or storage from before
 * drafts were kept per tab) the newest any tab saved for that question.
 */
export function pickDraft(stored: StoredDraft[], sessionId: string, turnId: string, tab: string): Draft | null {
  const own = stored.find((s) => s.key === keyOf(sessionId, turnId, tab));
  if (own) return own.draft;
  const base = turnKey(sessionId, turnId);
  let newest: Draft | null = null;
  for (const s of stored) {
    if (s.key !== base && !s.key.startsWith(`${base}.`)) continue;
    if (!newest || s.draft.savedAt > newest.savedAt) newest = s.draft;
  }
  return newest;
}

export function loadDraft(sessionId: string, turnId: string): Draft | null {
  try {
    return pickDraft(storedDrafts(), sessionId, turnId, tabId());
  } catch {
    return null;
  }
}

export function saveDraft(sessionId: string, turnId: string, draft: Omit<Draft, "savedAt">): boolean {
  const key = keyOf(sessionId, turnId, tabId());
  try {
    if (!draft.text && !draft.durationMs) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify({ ...draft, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

/**
 * After this tab sent `sentText` for a turn: drops its own draft, and other tabs' copies that
 * hold exactly that text. A different text in another tab is that tab's to keep.
 */
export function clearDraft(sessionId: string, turnId: string, sentText?: string): void {
  try {
    const mine = keyOf(sessionId, turnId, tabId());
    const base = turnKey(sessionId, turnId);
    for (const s of storedDrafts()) {
      const sameTurn = s.key === base || s.key.startsWith(`${base}.`);
      if (s.key === mine || (sameTurn && sentText !== undefined && s.draft.text.trim() === sentText.trim())) {
        localStorage.removeItem(s.key);
      }
    }
  } catch {
    // Storage blocked: nothing was stored either.
  }
}

/** Keys to drop: unreadable drafts, drafts nobody came back to within a month, surplus tab copies. */
export function draftsToPrune(stored: StoredDraft[], now: number): string[] {
  const drop = new Set<string>();
  const byTurn = new Map<string, StoredDraft[]>();
  for (const s of stored) {
    if (!s.draft.savedAt || now - s.draft.savedAt > MAX_AGE_MS) {
      drop.add(s.key);
      continue;
    }
    // Keys are PREFIX + session.turn[.tab]: session and turn ids hold no dots.
    const turn = s.key.slice(PREFIX.length).split(".").slice(0, 2).join(".");
    byTurn.set(turn, [...(byTurn.get(turn) ?? []), s]);
  }
  for (const copies of byTurn.values()) {
    copies.sort((a, b) => b.draft.savedAt - a.draft.savedAt);
    for (const extra of copies.slice(MAX_TABS_PER_TURN)) drop.add(extra.key);
  }
  return [...drop];
}

export function pruneDrafts(now = Date.now()): void {
  try {
    for (const key of draftsToPrune(storedDrafts(), now)) localStorage.removeItem(key);
  } catch {
    // Storage blocked: there is nothing to prune.
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
