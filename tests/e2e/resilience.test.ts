import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { capture, currentPromptId, keepEvidence, nextScreen, poll } from "./support/flow.ts";

import { useServerAndBrowser } from "./support/harness.ts";

const e2e = useServerAndBrowser({ MAX_FOLLOWUPS: "0" });

const DRAFT =
  "I would first check whether the drop is in the data or the model: compare the live feature distributions with " +
  "training, then look at the label delay before retraining anything.";

/** A real fault inside the real server: the table that holds answers disappears for a while. */
const breakDatabase = () => e2e.server.database.db.execute(sql`alter table turns rename to turns_away`);
const repairDatabase = () => e2e.server.database.db.execute(sql`alter table turns_away rename to turns`);

describe("when things go wrong mid-interview", () => {
  it("keeps the typed draft through a server error, a reload and a lost connection", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    keepEvidence(page, "resilience-1");
    await page.goto(e2e.server.url);
    await page.getByRole("radio", { name: /Quick practice/ }).check();
    await page.getByRole("button", { name: "Start interview" }).click();
    await page.waitForURL(/\/interview\//);
    const box = page.getByRole("textbox", { name: "Your answer" });
    await box.waitFor();
    const first = await currentPromptId(page);
    await box.fill(DRAFT);

    // 1. The server fails while storing the answer: the message is plain and the words stay.
    await breakDatabase();
    try {
      await page.getByRole("button", { name: "Submit answer" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/server ran into a problem.*Your answer is still here/);
      expect(await alert.textContent()).toMatch(/reference [0-9a-f]{8}/);
      expect(await box.inputValue()).toBe(DRAFT);
      await capture(page, "20-interview-server-error");

      // 2. A reload while the server is still broken: the page says so and offers to retry.
      await page.reload();
      await page.getByRole("heading", { name: "We couldn't open this interview" }).waitFor();
      await capture(page, "21-interview-unavailable");
    } finally {
      await repairDatabase();
    }
    await page.getByRole("button", { name: "Try again" }).click();
    await poll(() => box.inputValue()).toBe(DRAFT);
    expect(await currentPromptId(page)).toBe(first);

    // 3. The connection drops: the answer is kept and the retry is safe.
    await context.setOffline(true);
    await page.getByRole("button", { name: "Submit answer" }).click();
    await page.getByRole("alert").filter({ hasText: "couldn't reach the mockloop server" }).waitFor();
    expect(await box.inputValue()).toBe(DRAFT);
    await capture(page, "22-interview-offline");
    await context.setOffline(false);
    await page.getByRole("button", { name: "Submit answer" }).click();
    expect(await nextScreen(page, first)).toBe("prompt");
    expect(await box.inputValue()).toBe("");

    const sessionId = new URL(page.url()).pathname.split("/").pop() as string;
    const token = await page.evaluate(() => localStorage.getItem("mockloop.token"));
    const res = await fetch(`${e2e.server.url}/api/sessions/${sessionId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const view = (await res.json()) as { transcript: { status: string; answer: string | null }[] };
    expect(view.transcript.filter((t) => t.status === "answered").map((t) => t.answer)).toEqual([DRAFT]);
    await context.close();
  });
});
