import type { Page } from "playwright-core";
import { expect, onTestFailed } from "vitest";
import { testContent } from "../../support/app.ts";
import { accessibilityProblems, SCREENSHOTS, screenshot } from "./harness.ts";

/** The id of the prompt on screen (its text element is `prompt-<turnId>`), or null off the room. */
export async function currentPromptId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector(".question-text[id^='prompt-']")?.id ?? null);
}

/** Waits until the room shows a different prompt than `previous`, or the feedback page opens. */
export async function nextScreen(page: Page, previous: string | null): Promise<"prompt" | "feedback"> {
  await page.waitForFunction(
    (prev) =>
      location.pathname.startsWith("/feedback/") ||
      (document.querySelector(".question-text[id^='prompt-']")?.id ?? prev) !== prev,
    previous,
    { timeout: 20_000 },
  );
  return page.url().includes("/feedback/") ? "feedback" : "prompt";
}

/** A plausible answer: half the model answer for a bank question, a short honest reply to a follow-up. */
export function answerFor(promptText: string): string {
  const hub = testContent().hub("ml-engineer");
  const q = hub?.questions.find((x) => x.text.trim() === promptText.trim());
  if (!q) return "I would check that on a held-out set first, then compare it with the simplest baseline.";
  return q.modelAnswer.slice(0, Math.ceil(q.modelAnswer.length / 2));
}

/** Fails the test with axe-core's findings, naming the page. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const problems = await accessibilityProblems(page);
  expect(problems, `axe-core on ${name}`).toEqual([]);
}

/** Screenshot plus accessibility check: every page the tests visit gets both. */
export async function capture(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectAccessible(page, name);
}

/** Waits until the scorecard has finished grading (the page polls by itself). */
export async function waitForGrades(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector(".grading-progress") && document.querySelector(".verdict"),
    null,
    {
      timeout: 30_000,
    },
  );
}

/** Waits for a condition in the page; generous because the browser shares two cores with the suite. */
export function poll<T>(fn: () => Promise<T> | T) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}

/** When the test fails, keeps a screenshot and the page's text next to the other screenshots. */
export function keepEvidence(page: Page, name: string): void {
  onTestFailed(async () => {
    await screenshot(page, `FAILED-${name}`).catch(() => {});
    const text =
      (await page
        .locator("main")
        .textContent()
        .catch(() => null)) ?? "(no page)";
    console.error(`[${name}] failed at ${page.url()}; screenshots in ${SCREENSHOTS}\n${text.slice(0, 2000)}`);
  });
}

/** Elements whose right edge passes the viewport: what to fix when a page scrolls sideways. */
export function overflowing(page: Page, width: number): Promise<string[]> {
  return page.evaluate((limit) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit + 0.5) {
        const cls = typeof el.className === "string" && el.className ? `.${el.className.split(" ").join(".")}` : "";
        out.push(`${el.tagName.toLowerCase()}${cls} right=${Math.round(r.right)}`);
      }
    }
    return out.slice(0, 8);
  }, width);
}
