import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { answerFor, capture, currentPromptId, keepEvidence, nextScreen, poll, waitForGrades } from "./support/flow.ts";

import { useServerAndBrowser } from "./support/harness.ts";

const e2e = useServerAndBrowser({ MAX_FOLLOWUPS: "0" });

interface Focused {
  tag: string;
  name: string;
  visible: boolean;
}

/** What has focus, and whether something draws a focus indicator around it (or its label). */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: "body", name: "", visible: false };
    const drawn = (x: Element | null) => {
      if (!x) return false;
      const s = getComputedStyle(x);
      return (s.outlineStyle !== "none" && Number.parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
    };
    const label = el.closest("label");
    const name = (el.getAttribute("aria-label") ?? label?.textContent ?? el.textContent ?? "")
      .trim()
      .replace(/\s+/g, " ");
    return {
      tag: el.tagName.toLowerCase(),
      name,
      visible: el.matches(":focus-visible") && (drawn(el) || drawn(label)),
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches; every stop must show focus. */
async function tabTo(page: Page, name: RegExp, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (opts.max ?? 40); i++) {
    await page.keyboard.press(opts.back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    expect(f.visible, `focus indicator on <${f.tag}> "${f.name.slice(0, 60)}"`).toBe(true);
    if (name.test(f.name)) return;
  }
  throw new Error(`no focusable element named ${name} within reach of the keyboard`);
}

describe("keyboard only", () => {
  it("starts, answers, skips and ends an interview without a mouse, with focus always visible", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    keepEvidence(page, "keyboard-1");
    await page.goto(e2e.server.url);
    await page.getByRole("radio", { name: /Full loop/ }).waitFor();

    await tabTo(page, /^Skip to content$/);
    await tabTo(page, /^Full loop/);
    await page.keyboard.press("ArrowRight");
    expect((await focused(page)).name).toMatch(/^Quick practice/);
    await tabTo(page, /^Start interview$/);
    await capture(page, "30-keyboard-start");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/interview\//);

    // The answer box has focus as soon as the question appears.
    await page.locator(".question-text").waitFor();
    await poll(async () => (await focused(page)).tag).toBe("textarea");
    let prompt = await currentPromptId(page);
    await page.keyboard.type(answerFor((await page.locator(".question-text").textContent()) ?? ""), { delay: 0 });
    await page.keyboard.press("Control+Enter");
    expect(await nextScreen(page, prompt)).toBe("prompt");

    await poll(async () => (await focused(page)).tag).toBe("textarea");
    prompt = await currentPromptId(page);
    await tabTo(page, /^Skip question$/);
    await capture(page, "31-keyboard-room");
    await page.keyboard.press("Enter");
    expect(await nextScreen(page, prompt)).toBe("prompt");

    await poll(async () => (await focused(page)).tag).toBe("textarea");
    await tabTo(page, /^End interview$/, { back: true });
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect((await focused(page)).name).toBe("Keep going");
    await page.keyboard.press("Escape");
    await poll(() => dialog.isVisible()).toBe(false);
    expect((await focused(page)).name).toBe("End interview");
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await tabTo(page, /^End interview$/);
    await page.keyboard.press("Enter");

    await page.waitForURL(/\/feedback\//);
    await poll(async () => (await focused(page)).tag).toBe("h1");
    // Opened while the page may still be polling for grades: the re-renders that bring the grades
    // in must leave it open (the page owns a disclosure's state, not the DOM alone).
    await tabTo(page, /^How this was derived$/);
    await page.keyboard.press("Enter");
    await page.locator(".derivation[open]").waitFor();
    await waitForGrades(page);
    expect(await page.locator(".derivation[open]").count()).toBe(1);
    expect((await focused(page)).name).toBe("How this was derived");
    await tabTo(page, /^Retry this question$/);
    await capture(page, "32-keyboard-feedback");
    await context.close();
  });
});
