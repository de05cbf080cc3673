import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { capture, currentPromptId, keepEvidence, nextScreen, poll } from "./support/flow.ts";
import { useServerAndBrowser, watchPage } from "./support/harness.ts";

const e2e = useServerAndBrowser({ MAX_FOLLOWUPS: "0" });

const TEXT_A = "Tab A: I would start with a time-based split so the validation set mirrors production.";
const TEXT_B = "Tab B: first I would check the label distribution, then look for leakage in the features.";

const answerBox = (page: Page) => page.getByRole("textbox", { name: "Your answer" });

/** Reloads a tab and waits for its question, so the draft it restores can be read. */
async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.locator(".question-text").waitFor();
}

describe("two tabs on one interview", () => {
  it("keeps each tab's draft, and a stale tab keeps its unsent text and can copy it", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2e.server.url });
    const a = await context.newPage();
    keepEvidence(a, "two-tabs-a");
    const watchA = watchPage(a);
    await a.goto(e2e.server.url);
    await a.getByRole("radio", { name: /ML fundamentals round/ }).check();
    await a.getByRole("spinbutton", { name: "Length" }).fill("2");
    await a.getByRole("button", { name: "Start interview" }).click();
    await a.waitForURL(/\/interview\//);
    await a.locator(".question-text").waitFor();

    const b = await context.newPage();
    keepEvidence(b, "two-tabs-b");
    const watchB = watchPage(b);
    await b.goto(a.url());
    await b.locator(".question-text").waitFor();
    const firstPrompt = await currentPromptId(a);
    expect(await currentPromptId(b)).toBe(firstPrompt);

    await answerBox(a).fill(TEXT_A);
    await answerBox(b).fill(TEXT_B);
    await a.getByText(/Draft saved on this device/).waitFor();
    await b.getByText(/Draft saved on this device/).waitFor();

    // Each tab comes back with its own text, not the one the other tab saved last.
    await reload(a);
    expect(await answerBox(a).inputValue()).toBe(TEXT_A);
    await reload(b);
    expect(await answerBox(b).inputValue()).toBe(TEXT_B);
    await capture(b, "30-two-tabs-own-draft");

    // A new tab on the same question has no draft of its own: it recovers the newest one.
    const c = await context.newPage();
    await c.goto(a.url());
    await c.locator(".question-text").waitFor();
    expect(await answerBox(c).inputValue()).toBe(TEXT_B);
    await c.close();

    await a.bringToFront();
    await a.getByRole("button", { name: "Submit answer" }).click();
    expect(await nextScreen(a, firstPrompt)).toBe("prompt");

    await b.bringToFront();
    await b.getByRole("button", { name: "Submit answer" }).click();
    await b.getByRole("heading", { name: "This question was already answered in another tab" }).waitFor();
    const kept = b.getByRole("textbox", { name: "Your text from this tab (not sent)" });
    expect(await kept.inputValue()).toBe(TEXT_B);
    expect(await kept.getAttribute("readonly")).not.toBeNull();
    // The unsent text is still in this device's drafts; the text tab A sent is not.
    const drafts = await b.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith("mockloop.draft."))
        .map((k) => (JSON.parse(localStorage.getItem(k) ?? "{}") as { text: string }).text),
    );
    expect(drafts).toEqual([TEXT_B]);
    await capture(b, "31-two-tabs-stale");

    await b.getByRole("button", { name: "Copy my text" }).click();
    await b.getByText("Copied to the clipboard.").waitFor();
    expect(await b.evaluate(() => navigator.clipboard.readText())).toBe(TEXT_B);

    await b.getByRole("button", { name: "Continue to the current question" }).click();
    await poll(() => currentPromptId(b)).toBe(await currentPromptId(a));
    expect(await answerBox(b).inputValue()).toBe("");
    await capture(b, "32-two-tabs-continued");
    expect(watchA.errors).toEqual([]);
    // The rejected submit is the one console error a stale tab may log (the 409 response).
    expect(watchB.errors.filter((e) => !/409/.test(e))).toEqual([]);
    await context.close();
  });
});
