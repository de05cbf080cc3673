import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible, keepEvidence, nextScreen, overflowing, poll, waitForGrades } from "./support/flow.ts";
import { screenshot, useServerAndBrowser, watchPage } from "./support/harness.ts";

const e2e = useServerAndBrowser({ MAX_FOLLOWUPS: "1" });

const WIDTHS = [320, 360, 390, 1280] as const;
const PHONE_WIDTHS = new Set<number>([320, 360, 390]);

/** At each width: no sideways scroll on phones, a screenshot at every width, axe-core once. */
async function checkAtEveryWidth(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 800 });
    await page.evaluate(() => new Promise(requestAnimationFrame));
    if (PHONE_WIDTHS.has(width)) {
      const fit = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      // A mobile browser widens the layout viewport to fit overflowing content, so pin it too.
      const culprits = fit.scrollWidth > width ? (await overflowing(page, width)).join(", ") : "";
      expect.soft(fit.innerWidth, `${name}: layout viewport at ${width}px (${culprits})`).toBe(width);
      expect
        .soft(fit.scrollWidth, `${name} at ${width}px scrolls sideways: ${culprits}`)
        .toBeLessThanOrEqual(fit.innerWidth);
    }
    await screenshot(page, `phone-${name}-${width}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, name);
}

describe("every page on a phone", () => {
  it("fits 360 and 390 px wide with no sideways scroll, from start to history", async () => {
    const context = await e2e.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    keepEvidence(page, "phone-layout");
    const watch = watchPage(page);

    await page.goto(e2e.server.url);
    await page.getByRole("radio", { name: /Quick practice/ }).waitFor();
    await checkAtEveryWidth(page, "start");
    await page.getByRole("radio", { name: /Choose rounds/ }).check();
    // Headless Chromium on an offline server can't take spoken answers: the page explains why.
    await page.locator("#spoken-unavailable").waitFor();
    await checkAtEveryWidth(page, "start-custom-spoken");

    await page.getByRole("radio", { name: /^Typed/ }).check();
    await page.getByRole("radio", { name: /Quick practice/ }).check();
    await page.getByRole("button", { name: "Start interview" }).tap();
    await page.waitForURL(/\/interview\//);
    await page.locator(".question-text").waitFor();
    await checkAtEveryWidth(page, "question");
    // A touch screen has no Ctrl + Enter to offer.
    expect(await page.evaluate(() => matchMedia("(any-pointer: fine)").matches)).toBe(false);
    expect(await page.locator("#answer-hint").count()).toBe(0);

    // A thin answer draws a follow-up from the offline interviewer.
    let prompt = await page.evaluate(() => document.querySelector(".question-text[id^='prompt-']")?.id ?? null);
    await page.getByRole("textbox", { name: "Your answer" }).fill("I would look at the data first.");
    await page.getByRole("button", { name: "Submit answer" }).tap();
    expect(await nextScreen(page, prompt)).toBe("prompt");
    await page.locator(".current-prompt.followup").waitFor();
    await checkAtEveryWidth(page, "followup");

    prompt = await page.evaluate(() => document.querySelector(".question-text[id^='prompt-']")?.id ?? null);
    await page.getByRole("button", { name: /^Skip/ }).tap();
    await nextScreen(page, prompt);
    await page.getByRole("button", { name: "End interview" }).tap();
    await page.getByRole("dialog").waitFor();
    await checkAtEveryWidth(page, "end-dialog");
    await page.getByRole("dialog").getByRole("button", { name: "End interview" }).tap();

    await page.waitForURL(/\/feedback\//);
    await waitForGrades(page);
    await page.locator(".derivation summary").tap();
    await page.locator(".model-answer summary").first().tap();
    await checkAtEveryWidth(page, "feedback");

    await page.getByRole("link", { name: "History" }).tap();
    await page.locator(".session-list").waitFor();
    await checkAtEveryWidth(page, "history");
    await page.locator(".questions summary").first().tap();
    await poll(() => page.locator(".question-list li").count()).toBeGreaterThan(0);
    await checkAtEveryWidth(page, "history-questions");

    await page.goto(`${e2e.server.url}/no-such-page`);
    await page.locator("h1").waitFor();
    await checkAtEveryWidth(page, "not-found");

    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
