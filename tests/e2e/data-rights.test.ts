import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { DataExportT } from "../../src/api/schemas.ts";
import { rowsOf } from "../support/candidate-rows.ts";
import {
  answerFor,
  capture,
  currentPromptId,
  keepEvidence,
  nextScreen,
  overflowing,
  poll,
  waitForGrades,
} from "./support/flow.ts";
import { screenshot, useServerAndBrowser, watchPage } from "./support/harness.ts";

const e2e = useServerAndBrowser({ MAX_FOLLOWUPS: "0" });

const storedToken = (page: Page) => page.evaluate(() => localStorage.getItem("mockloop.token"));

/** The narrowest and widest common phones: nothing may scroll sideways. */
async function fitsPhones(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const width of [320, 414]) {
    await page.setViewportSize({ width, height: 800 });
    await page.evaluate(() => new Promise(requestAnimationFrame));
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    const culprits = scrollWidth > width ? (await overflowing(page, width)).join(", ") : "";
    expect.soft(scrollWidth, `${name} at ${width}px scrolls sideways: ${culprits}`).toBeLessThanOrEqual(width);
    await screenshot(page, `${name}-${width}`);
  }
  if (before) await page.setViewportSize(before);
}

/** Answers every question of the open interview until the feedback page shows its grades. */
async function finishInterview(page: Page): Promise<string[]> {
  const typed: string[] = [];
  let prompt = await currentPromptId(page);
  for (let step = 0; step < 8; step++) {
    const answer = answerFor((await page.locator(".question-text").textContent()) ?? "");
    typed.push(answer);
    await page.getByRole("textbox", { name: "Your answer" }).fill(answer);
    await page.getByRole("button", { name: "Submit answer" }).click();
    if ((await nextScreen(page, prompt)) === "feedback") break;
    prompt = await currentPromptId(page);
  }
  await waitForGrades(page);
  return typed;
}

describe("your data in the browser", () => {
  it("deletes one interview, exports, moves the recovery code to another browser, and erases everything", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2e.server.url });
    const page = await context.newPage();
    keepEvidence(page, "data-rights-1");
    const watch = watchPage(page);

    // A short finished interview, then a retry left open: the one to delete.
    await page.goto(e2e.server.url);
    await page.getByRole("radio", { name: /Quick practice/ }).check();
    await capture(page, "data-01-start");
    await page.getByRole("radio", { name: /^Typed/ }).check();
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/\/interview\//);
    await page.locator(".question-text").waitFor();
    await capture(page, "data-02-interview");
    const typed = await finishInterview(page);
    const finishedId = new URL(page.url()).pathname.split("/").pop() as string;
    await capture(page, "data-03-feedback");
    await page.locator(".answer-review").first().getByRole("button", { name: "Retry this question" }).click();
    await page.waitForURL(/\/interview\//);
    const retryId = new URL(page.url()).pathname.split("/").pop() as string;
    expect(retryId).not.toBe(finishedId);

    // Delete the open retry from the history, after saying yes in the dialog.
    await page.getByRole("link", { name: "History" }).click();
    await poll(() => page.locator(".session-item").count()).toBe(2);
    const openItem = page.locator(".session-item", { has: page.getByRole("link", { name: "Resume" }) });
    await openItem.getByRole("button", { name: /^Delete interview:/ }).click();
    const confirmDelete = page.getByRole("dialog", { name: "Delete this interview?" });
    await confirmDelete.waitFor();
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Keep it");
    await capture(page, "data-04-delete-dialog");
    await confirmDelete.getByRole("button", { name: "Delete interview" }).click();
    await poll(() => page.locator(".session-item").count()).toBe(1);
    expect(await page.locator(`a[href="/feedback/${finishedId}"]`).count()).toBe(1);
    await poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    await capture(page, "data-05-history-after-delete");
    const token = (await storedToken(page)) as string;
    expect(token).toMatch(/^ml_/);
    const asCandidate = { headers: { authorization: `Bearer ${token}` } };
    expect((await fetch(`${e2e.server.url}/api/sessions/${retryId}`, asCandidate)).status).toBe(404);

    // The privacy page: what is stored, a wrong code keeps this identity.
    await page.getByRole("link", { name: "Your data" }).click();
    await page.getByRole("heading", { name: "What is stored" }).waitFor();
    await poll(() => page.locator(".your-data").textContent()).toMatch(/1 interview\b/);
    await capture(page, "data-06-your-data");
    const codeBox = page.getByRole("textbox", { name: "Recovery code" });
    await codeBox.fill("my password");
    await page.getByRole("button", { name: "Use this code" }).click();
    await poll(() => page.locator("#import-error").textContent()).toMatch(/not a mockloop recovery code/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("import-code");
    await codeBox.fill(`ml_${"A".repeat(43)}`);
    await page.getByRole("button", { name: "Use this code" }).click();
    await poll(() => page.locator("#import-error").textContent()).toMatch(/does not recognise that recovery code/);
    expect(await page.locator("#import-error").textContent()).toMatch(/keeps its current recovery code/);
    expect(await storedToken(page)).toBe(token);
    await capture(page, "data-07-wrong-code");

    // Export: the downloaded file holds the finished interview and the typed answers.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download your data" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^mockloop-export-\d{4}-\d\d-\d\d\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), "utf8")) as DataExportT;
    expect(exported.sessions.map((s) => s.id)).toEqual([finishedId]);
    const answers = exported.sessions[0]?.turns.map((t) => t.answer) ?? [];
    expect(answers).toEqual(typed.map((a) => a.trim())); // the composer sends the answer trimmed
    expect(exported.sessions[0]?.grades.every((g) => g.status === "graded")).toBe(true);
    await poll(() => page.getByText(/^Downloaded mockloop-export-/).count()).toBe(1);
    const candidateId = exported.candidate.id;

    // Show and copy the recovery code.
    await page.getByRole("button", { name: "Show recovery code" }).click();
    expect(await page.locator(".recovery-code").textContent()).toBe(token);
    await page.getByRole("button", { name: "Copy recovery code" }).click();
    await poll(() => page.getByText(/^Copied\./).count()).toBe(1);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(token);
    await capture(page, "data-08-code-shown");
    await fitsPhones(page, "data-code-shown");
    // The unknown code was checked with the server, which answered 401 as it should.
    expect(watch.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);

    // Another browser (a phone) takes the code and sees the same history.
    const phone = await e2e.browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const other = await phone.newPage();
    keepEvidence(other, "data-rights-2");
    const otherWatch = watchPage(other);
    await other.goto(`${e2e.server.url}/your-data`);
    await other.getByText(/has no recovery code yet/).waitFor();
    expect(await storedToken(other)).toBeNull();
    await capture(other, "data-09-new-browser");
    await fitsPhones(other, "data-new-browser");
    await other.getByRole("textbox", { name: "Recovery code" }).fill(` ${copied}\n`);
    await other.getByRole("button", { name: "Use this code" }).tap();
    const imported = other.getByRole("status");
    await imported.waitFor();
    expect(await imported.textContent()).toMatch(/now uses that recovery code: 1 interview/);
    await poll(() => other.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("status");
    expect(await storedToken(other)).toBe(token);
    await capture(other, "data-10-imported");
    await other.getByRole("link", { name: "Open your history" }).tap();
    await other.locator(".session-item").first().waitFor();
    expect(await other.locator(".session-item").count()).toBe(1);
    expect(await other.locator(`a[href="/feedback/${finishedId}"]`).count()).toBe(1);
    await capture(other, "data-11-same-history");

    // Erase everything: the typed confirmation must match before anything happens.
    await other.getByRole("link", { name: "Your data" }).tap();
    await other.getByRole("button", { name: "Erase everything…" }).tap();
    const confirmErase = other.getByRole("dialog", { name: "Erase all your data?" });
    await confirmErase.waitFor();
    await capture(other, "data-12-erase-dialog");
    await confirmErase.getByRole("button", { name: "Erase everything" }).tap();
    await confirmErase.getByText(/Type erase exactly/).waitFor();
    expect(await other.evaluate(() => document.activeElement?.id)).toBe("erase-typed");
    expect(await rowsOf(e2e.server.database.db, candidateId)).toMatchObject({ candidates: 1, sessions: 1 });
    await confirmErase.getByRole("textbox", { name: /to confirm/ }).fill("erase");
    await confirmErase.getByRole("button", { name: "Erase everything" }).tap();
    const receipt = other.getByRole("heading", { name: "Your data was erased" });
    await receipt.waitFor();
    await poll(() => other.evaluate(() => document.activeElement?.id)).toBe("erased-title");
    const erasedText = (await other.locator(".erased").textContent()) ?? "";
    expect(erasedText).toContain(
      `1 interview, ${typed.length} questions and follow-ups with their answers, ${typed.length} grades`,
    );
    expect(await storedToken(other)).toBeNull();
    await capture(other, "data-13-erased");
    await fitsPhones(other, "data-erased");

    // The server agrees: the old code opens nothing and the rows are gone.
    const again = await fetch(`${e2e.server.url}/api/me/export`, asCandidate);
    expect(again.status).toBe(401);
    expect(await rowsOf(e2e.server.database.db, candidateId)).toMatchObject({
      candidates: 0,
      sessions: 0,
      turns: 0,
      grades: 0,
      audio_clips: 0,
    });
    await other.getByRole("link", { name: "History" }).tap();
    await other.getByText(/No interviews on this device yet/).waitFor();
    await capture(other, "data-14-history-empty");
    expect(otherWatch.errors).toEqual([]);
    await phone.close();
    await context.close();
  });
});
