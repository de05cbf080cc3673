import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { PlannedQuestionT, SessionViewT } from "../../src/api/schemas.ts";
import { capture, keepEvidence, poll } from "./support/flow.ts";
import { useServerAndBrowser, watchPage } from "./support/harness.ts";

const e2e = useServerAndBrowser({ MAX_FOLLOWUPS: "1" });

const FRAUD_JD = `Machine Learning Engineer, Payments Risk.
You will own our real-time fraud scoring service, which approves or declines every card transaction in
under 50 ms. Fraud is rare (well under 1% of transactions), so experience with highly imbalanced labels,
precision/recall trade-offs and threshold selection matters. Streaming features, drift monitoring, chargebacks.`;

/** The plan on the start page once it shows the current choices. */
async function shownPlan(page: Page) {
  await page.locator(".plan-preview[aria-busy='false'] .plan-estimate").waitFor();
  const estimate = (await page.locator(".plan-estimate strong").textContent()) ?? "";
  const items = await page.locator(".plan-list li").evaluateAll((lis) =>
    lis.map((li) => ({
      minutes: Number(/(\d+(?:\.\d+)?) min/.exec(li.textContent ?? "")?.[1]),
      reason: li.querySelector(".plan-reason")?.textContent ?? null,
    })),
  );
  return { minutes: Number(/^(\d+) minutes$/.exec(estimate)?.[1]), items };
}

/** A call to the API with this page's token, as the page itself makes them. */
function api<T>(page: Page, path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  return page.evaluate(
    async ({ path, init }) => {
      const token = localStorage.getItem("mockloop.token");
      const res = await fetch(path, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
      return res.json();
    },
    { path, init },
  ) as Promise<T>;
}

describe("the start page", () => {
  it("tailors the plan to a pasted job description, says why per question, and its estimate is the plan's", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    keepEvidence(page, "start-plan-1");
    const watch = watchPage(page);
    await page.goto(e2e.server.url);
    await page.getByRole("radio", { name: /Full loop/ }).check();
    const untailored = await shownPlan(page);
    expect(untailored.items).toHaveLength(6);
    expect(untailored.items.every((i) => i.reason === null)).toBe(true);
    expect(untailored.minutes).toBe(untailored.items.reduce((s, i) => s + i.minutes, 0));
    await capture(page, "start-plan-01-untailored");

    await page.getByRole("textbox", { name: /Job description/ }).fill(FRAUD_JD);
    await poll(() => page.locator(".plan-preview[aria-busy='false'] .plan-reason").count()).toBeGreaterThan(1);
    const tailored = await shownPlan(page);
    const reasons = tailored.items.map((i) => i.reason).filter((r): r is string => r !== null);
    expect(reasons.some((r) => r.includes("“real-time fraud scoring”"))).toBe(true);
    for (const r of reasons) expect(r).toMatch(/^The description mentions “/);
    expect(tailored.minutes).toBe(tailored.items.reduce((s, i) => s + i.minutes, 0));
    await capture(page, "start-plan-02-tailored");

    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/\/interview\//);
    await page.locator(".question-text").waitFor();
    const id = new URL(page.url()).pathname.split("/").at(-1) as string;
    const session = await api<SessionViewT>(page, `/api/sessions/${id}`);
    // The questions asked are the ones the start page listed, so its estimate was theirs.
    expect(session.tailored).toBe(true);
    expect(session.plan.map((q: PlannedQuestionT) => q.reason)).toEqual(tailored.items.map((i) => i.reason));
    expect(session.plan.reduce((s, q) => s + q.timeGuidelineMinutes, 0)).toBe(tailored.minutes);
    const firstReason = session.plan[0]?.reason;
    if (firstReason) {
      await poll(() => page.locator(".question-reason").textContent()).toContain(firstReason);
    } else {
      expect(await page.locator(".question-reason").count()).toBe(0);
    }
    await capture(page, "start-plan-03-room");
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("tells a returning candidate how many interviews are open and lets one be abandoned", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    keepEvidence(page, "start-plan-2");
    const watch = watchPage(page);
    await page.goto(e2e.server.url);
    // The plan preview gives this device its token; two interviews are then started and left open.
    await page.locator(".plan-preview[aria-busy='false'] .plan-estimate").waitFor();
    for (const preset of ["quick-practice", "coding-round"]) {
      await api(page, "/api/sessions", { method: "POST", json: { preset } });
    }
    await page.reload();
    const welcome = page.getByRole("region", { name: "Welcome back" });
    await poll(() => welcome.locator("p").first().textContent()).toMatch(/2 past interviews\.\s+Two are still open\./);
    expect(await welcome.getByRole("link", { name: /^Resume/ }).count()).toBe(2);
    await capture(page, "start-plan-04-two-open");

    await welcome.getByRole("button", { name: /Abandon interview: Quick practice/ }).click();
    const dialog = page.getByRole("dialog", { name: "Abandon this interview?" });
    await dialog.waitFor();
    await capture(page, "start-plan-05-abandon-dialog");
    await dialog.getByRole("button", { name: "Abandon interview" }).click();
    await poll(() => welcome.locator("p").first().textContent()).toMatch(/One, from .+, is still open\./);
    expect(await welcome.getByRole("link", { name: /^Resume/ }).count()).toBe(1);
    await capture(page, "start-plan-06-one-open");

    await page.getByRole("link", { name: "History", exact: true }).click();
    await page.waitForURL(/\/history$/);
    const abandoned = page.locator(".session-item", { hasText: "Quick practice" });
    await poll(() => abandoned.locator(".pill").first().textContent()).toBe("Ended early");
    await poll(() =>
      page.locator(".session-item", { hasText: "Coding round" }).locator(".pill").first().textContent(),
    ).toBe("In progress");
    await capture(page, "start-plan-07-history");
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
