import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { STRONG_OVERFITTING, WEAK_OVERFITTING } from "../support/overfitting-answers.ts";
import { capture, keepEvidence, overflowing, poll, waitForGrades } from "./support/flow.ts";
import { useServerAndBrowser, watchPage } from "./support/harness.ts";

const e2e = useServerAndBrowser({ MAX_FOLLOWUPS: "0" });

/** Answers the one open question in the room and waits for the feedback page it leads to. */
async function answerAndFinish(page: Page, text: string): Promise<void> {
  await page.locator(".question-text").waitFor();
  await page.getByRole("textbox", { name: "Your answer" }).fill(text);
  await page.getByRole("button", { name: "Submit answer" }).click();
  await page.waitForURL(/\/feedback\//);
  await waitForGrades(page);
}

async function fitsAt(page: Page, width: number, name: string): Promise<void> {
  await page.setViewportSize({ width, height: 844 });
  await page.evaluate(() => new Promise(requestAnimationFrame));
  const fit = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const culprits = fit.scrollWidth > fit.innerWidth ? (await overflowing(page, width)).join(", ") : "";
  expect(fit.scrollWidth, `${name} at ${width}px scrolls sideways: ${culprits}`).toBeLessThanOrEqual(fit.innerWidth);
}

describe("attempts at one question", () => {
  it("shows a weak attempt and a better retry side by side, and per-competency trends in History", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    keepEvidence(page, "attempts");
    const watch = watchPage(page);

    await page.goto(e2e.server.url);
    await page.getByRole("radio", { name: /Quick practice/ }).waitFor();
    await capture(page, "attempts-01-start");
    // The first attempt asks exactly the overfitting question, as "Retry this question" would.
    const sessionId = await page.evaluate(async () => {
      let token = localStorage.getItem("mockloop.token");
      if (!token) {
        token = ((await (await fetch("/api/candidates", { method: "POST" })).json()) as { token: string }).token;
        localStorage.setItem("mockloop.token", token);
      }
      const res = await fetch("/api/sessions", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ questionIds: ["overfitting"] }),
      });
      return ((await res.json()) as { id: string }).id;
    });
    await page.goto(`${e2e.server.url}/interview/${sessionId}`);
    await page.locator(".question-text").waitFor();
    await capture(page, "attempts-02-question");
    await answerAndFinish(page, WEAK_OVERFITTING);
    // One attempt so far: nothing to compare yet.
    expect(await page.locator(".attempts").count()).toBe(0);
    await capture(page, "attempts-03-first-feedback");

    await page.getByRole("button", { name: "Retry this question" }).click();
    await page.waitForURL(/\/interview\//);
    await answerAndFinish(page, STRONG_OVERFITTING);

    const attempts = page.locator(".answer-review .attempts");
    await attempts.waitFor();
    await poll(() => attempts.locator(".attempt").count()).toBe(2);
    await poll(() => attempts.locator(".attempt.current .kp-change.newly-covered").count()).toBeGreaterThan(0);
    const [older, newer] = await attempts.locator(".attempt").all();
    expect(await older?.locator(".eyebrow").textContent()).toMatch(/Attempt 1/);
    expect(await newer?.locator(".eyebrow").textContent()).toMatch(/Attempt 2 · this interview/);
    for (const card of [older, newer]) {
      expect(await card?.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await card?.locator(".attempt-levels li").count()).toBeGreaterThan(0);
      expect(await card?.textContent()).toMatch(/on the question/);
    }
    expect(await newer?.locator(".level-change.up").count()).toBeGreaterThan(0);
    // Side by side on a wide screen: the two attempts share a row.
    const boxes = await Promise.all([older?.boundingBox(), newer?.boundingBox()]);
    expect(Math.abs((boxes[0]?.y ?? 0) - (boxes[1]?.y ?? 1))).toBeLessThan(2);
    await capture(page, "attempts-04-side-by-side");

    await fitsAt(page, 390, "feedback with attempts");
    const stacked = await Promise.all([older?.boundingBox(), newer?.boundingBox()]);
    expect(stacked[1]?.y ?? 0).toBeGreaterThan((stacked[0]?.y ?? 0) + (stacked[0]?.height ?? 0) - 1);
    await capture(page, "attempts-05-phone");

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("link", { name: "History" }).click();
    await page.locator(".session-list").waitFor();
    const charts = page.locator(".trend-card");
    await poll(() => charts.count()).toBeGreaterThan(0);
    for (const chart of await charts.all()) {
      const ticks = await chart.locator(".time-tick text").allTextContents();
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(new Set(ticks).size, ticks.join(" | ")).toBe(ticks.length);
      expect(await chart.locator("circle").count()).toBe(2);
    }
    // Competencies the overfitting question does not assess get a sentence, not an empty chart.
    expect(await page.locator(".trend-thin li").count()).toBeGreaterThan(0);
    expect(await page.locator(".trend-thin li").first().textContent()).toMatch(/not scored|scored once/);
    await capture(page, "attempts-06-history");

    await fitsAt(page, 390, "history");
    const order = await page.evaluate(() => {
      const list = document.querySelector(".session-list")?.getBoundingClientRect().top ?? Number.NaN;
      const trends = document.querySelector("#trends-title")?.getBoundingClientRect().top ?? Number.NaN;
      return { list, trends };
    });
    expect(order.list).toBeLessThan(order.trends);
    await capture(page, "attempts-07-history-phone");

    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
