import { describe, expect, it } from "vitest";
import { type Draft, draftsToPrune, pickDraft, type StoredDraft } from "../../src/web/lib/drafts.ts";

const S = "3f1c2a90-0000-4000-8000-000000000001";
const T = "3f1c2a90-0000-4000-8000-0000000000aa";
const OTHER_TURN = "3f1c2a90-0000-4000-8000-0000000000bb";
const DAY = 24 * 3600 * 1000;
const NOW = 100 * DAY;

const draft = (text: string, savedAt: number): Draft => ({ text, savedAt });
const stored = (key: string, text: string, savedAt: number): StoredDraft => ({ key, draft: draft(text, savedAt) });
const key = (turn: string, tab?: string) => `mockloop.draft.${S}.${turn}${tab ? `.${tab}` : ""}`;

describe("drafts kept per question and tab", () => {
  const both = [stored(key(T, "tabA"), "from A", NOW - 2000), stored(key(T, "tabB"), "from B", NOW - 1000)];

  it("gives each tab its own draft, even when another tab saved later", () => {
    expect(pickDraft(both, S, T, "tabA")?.text).toBe("from A");
    expect(pickDraft(both, S, T, "tabB")?.text).toBe("from B");
  });

  it("gives a tab without a draft the newest one any tab saved for that question", () => {
    expect(pickDraft(both, S, T, "tabC")?.text).toBe("from B");
    const legacy = [...both, stored(key(T), "before tabs", NOW)];
    expect(pickDraft(legacy, S, T, "tabC")?.text).toBe("before tabs");
  });

  it("never hands over another question's draft", () => {
    const elsewhere = [stored(key(OTHER_TURN, "tabA"), "other question", NOW)];
    expect(pickDraft(elsewhere, S, T, "tabA")).toBeNull();
    expect(pickDraft(elsewhere, S, T, "tabB")).toBeNull();
  });

  it("prunes drafts older than a month, unreadable ones, and tab copies past five per question", () => {
    const copies = Array.from({ length: 7 }, (_, i) => stored(key(T, `tab${i}`), `copy ${i}`, NOW - i * 1000));
    const old = stored(key(OTHER_TURN, "tabA"), "old", NOW - 31 * DAY);
    const recent = stored(key(OTHER_TURN, "tabB"), "recent", NOW - 29 * DAY);
    const broken = stored(key(OTHER_TURN, "tabC"), "", 0);
    const dropped = draftsToPrune([...copies, old, recent, broken], NOW).sort();
    expect(dropped).toEqual([key(T, "tab5"), key(T, "tab6"), old.key, broken.key].sort());
  });
});
