import { describe, expect, it } from "vitest";
import { capture, keepEvidence, nextScreen, poll, waitForGrades } from "./support/flow.ts";
import { useServerAndBrowser, watchPage } from "./support/harness.ts";

const e2e = useServerAndBrowser({ MAX_FOLLOWUPS: "0" });

describe("a coding answer", () => {
  it("is typed in a Python editor where Tab indents and Escape then Tab leaves, and comes back as code", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    keepEvidence(page, "code-answer");
    const watch = watchPage(page);

    await page.goto(e2e.server.url);
    await page.getByRole("radio", { name: /Coding round/ }).check();
    await page.getByRole("radio", { name: /^Typed/ }).check();
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/\/interview\//);

    // The editor loads on demand and takes focus; it is a labelled, multi-line text box.
    const editor = page.getByRole("textbox", { name: "Your answer" });
    await page.locator(".cm-content").waitFor();
    // The editor sits in a shadow root (see src/web/components/code/editor.ts).
    await poll(() =>
      page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.classList.contains("cm-content")),
    ).toBe(true);
    expect(await editor.getAttribute("aria-multiline")).toBe("true");
    expect(await page.locator("textarea").count()).toBe(0);

    await page.keyboard.type("def double(x):\n", { delay: 0 });
    // The editor indents the body itself; a Tab adds one more level, a Shift+Tab takes it back.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.type("return x * 2\n", { delay: 0 });
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.type("for i in range(3):\n", { delay: 0 });
    await page.keyboard.type("print(double(i))", { delay: 0 });
    // Tab inside the editor indents instead of leaving it.
    await page.keyboard.press("Home");
    await page.keyboard.press("Tab");
    const typed = (await page.locator(".cm-line").allTextContents()).join("\n");
    expect(typed).toBe("def double(x):\n    return x * 2\nfor i in range(3):\n        print(double(i))");
    expect(await page.locator(".cm-line .tok-keyword, .cm-line span[class]").count()).toBeGreaterThan(0);
    const font = await page.locator(".cm-content").evaluate((el) => getComputedStyle(el).fontFamily);
    expect(font).toMatch(/mono/i);
    await capture(page, "40-code-editor");

    // Escape, then Tab, moves focus on to Submit.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Submit answer");
    const prompt = await page.evaluate(() => document.querySelector(".question-text[id^='prompt-']")?.id ?? null);
    await page.keyboard.press("Enter");
    expect(await nextScreen(page, prompt)).toBe("prompt");

    await page.getByRole("button", { name: "End interview" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "End interview" }).click();
    await page.waitForURL(/\/feedback\//);
    await waitForGrades(page);
    const code = page.locator(".answer-review pre.code-block code").first();
    await code.waitFor();
    expect(await code.textContent()).toBe(typed);
    expect(await code.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/i);
    await capture(page, "41-code-feedback");
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
