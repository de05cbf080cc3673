import { describe, expect, it } from "vitest";
import { answerFor, capture, currentPromptId, keepEvidence, nextScreen, poll, waitForGrades } from "./support/flow.ts";

import { useServerAndBrowser, watchPage } from "./support/harness.ts";

const e2e = useServerAndBrowser({ MAX_FOLLOWUPS: "1" });

describe("a typed interview in the browser", () => {
  it("runs from the start page to a scorecard that cites the candidate's words, then shows history", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    keepEvidence(page, "typed-interview-1");
    const watch = watchPage(page);
    await page.goto(e2e.server.url);
    await page.getByRole("radio", { name: /Quick practice/ }).waitFor();
    await capture(page, "01-start");

    await page.getByRole("radio", { name: /Quick practice/ }).check();
    await page.getByRole("radio", { name: /^Typed/ }).check();
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/\/interview\//);
    await page.locator(".question-text").waitFor();
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe("answer");
    await capture(page, "02-interview-question");

    let prompt = await currentPromptId(page);
    let sawFollowup = false;
    const typed: string[] = [];
    for (let step = 0; step < 12; step++) {
      const text = (await page.locator(".question-text").textContent()) ?? "";
      const isFollowup = (await page.locator(".current-prompt.followup").count()) > 0;
      if (isFollowup && !sawFollowup) {
        sawFollowup = true;
        await capture(page, "03-interview-followup");
      }
      const answer = answerFor(text);
      typed.push(answer);
      await page.getByRole("textbox", { name: "Your answer" }).fill(answer);
      await page.getByRole("button", { name: "Submit answer" }).click();
      if ((await nextScreen(page, prompt)) === "feedback") break;
      prompt = await currentPromptId(page);
    }
    expect(page.url()).toMatch(/\/feedback\//);
    expect(sawFollowup).toBe(true);

    await waitForGrades(page);
    await poll(() => page.locator(".verdict-label").textContent()).not.toBe("Grading in progress");
    const marks = await page.locator(".answer-review .transcript mark").allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(typed.join("\n")).toContain(m);
    expect(await page.locator(".competency svg.strip").count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator(".answer-review").count()).toBe(3);
    expect(await page.locator(".provenance").first().textContent()).toMatch(/offline grader/);
    await page.locator(".derivation summary").click();
    await poll(() => page.locator(".derivation li").count()).toBeGreaterThan(1);
    await page.locator(".model-answer summary").first().click();
    await capture(page, "04-feedback");

    await page.getByRole("link", { name: "History" }).click();
    await page.waitForURL(/\/history$/);
    await page.locator(".session-item").first().waitFor();
    // One interview is one point per competency: a sentence each, not a chart of one dot.
    expect(await page.locator(".trend-card svg.trend").count()).toBe(0);
    expect(await page.locator(".trend-thin li").count()).toBeGreaterThanOrEqual(4);
    await capture(page, "05-history");

    // A returning candidate is recognised on the start page.
    await page.getByRole("link", { name: "New interview" }).click();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("skips a question, ends early, and retries a question from the feedback", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    keepEvidence(page, "typed-interview-2");
    const watch = watchPage(page);
    await page.goto(e2e.server.url);
    await page.getByRole("radio", { name: /Full loop/ }).check();
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/\/interview\//);
    await page.locator(".question-text").waitFor();

    const first = await currentPromptId(page);
    await page.getByRole("button", { name: "Skip question" }).click();
    expect(await nextScreen(page, first)).toBe("prompt");
    await poll(() => page.locator(".loop-step.skipped").count()).toBe(1);

    const text = (await page.locator(".question-text").textContent()) ?? "";
    await page.getByRole("textbox", { name: "Your answer" }).fill(answerFor(text));
    const second = await currentPromptId(page);
    await page.getByRole("button", { name: "Submit answer" }).click();
    await nextScreen(page, second);

    await page.getByRole("button", { name: "End interview" }).click();
    const dialog = page.getByRole("dialog", { name: "End the interview now?" });
    await dialog.waitFor();
    await capture(page, "06-end-dialog");
    await dialog.getByRole("button", { name: "End interview" }).click();
    await page.waitForURL(/\/feedback\//);
    await waitForGrades(page);
    expect(await page.locator(".feedback-head .eyebrow").textContent()).toMatch(/ended early/);
    expect(await page.locator(".answer-review .pill", { hasText: "Skipped" }).count()).toBeGreaterThanOrEqual(1);
    await capture(page, "07-feedback-ended-early");

    const retried = (await page.locator(".answer-review h3").nth(1).textContent()) ?? "";
    await page.locator(".answer-review").nth(1).getByRole("button", { name: "Retry this question" }).click();
    await page.waitForURL(/\/interview\//);
    await poll(() => page.locator(".question-text").textContent()).toBe(retried);
    expect(await page.locator(".room-title").textContent()).toMatch(/Question 1\s*of 1/);

    // This candidate's history lists the interview that ended early and the open retry.
    await page.getByRole("link", { name: "History" }).click();
    await poll(() => page.locator(".session-item").count()).toBe(2);
    expect(await page.getByRole("link", { name: "Resume" }).count()).toBe(1);
    await capture(page, "08-history-several");
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
