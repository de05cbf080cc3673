import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { llmEnv, sampleQuestion, scriptedGrade } from "../support/llm-app.ts";
import { requestText, type ScriptedLlm, type ScriptedReply, startScriptedLlm } from "../support/scripted-llm.ts";
import { capture, keepEvidence, waitForGrades } from "./support/flow.ts";
import { type E2EServer, launchChromium, startServer } from "./support/harness.ts";

const question = sampleQuestion();
const target = [...question.keyPoints].sort((a, b) => b.weight - a.weight)[0];
const vague = "I would retrain the model and see if the numbers come back.";
const drawn = "I would first check the labels are complete and the metric definition did not change.";
const debrief = "You reached for retraining before checking whether the drop was real.";
const followup = "Before retraining anything, how would you convince yourself that the drop you see is real?";

const header = (h: Record<string, unknown>) => `${JSON.stringify(h)}\n`;
const interviewerReplies: ScriptedReply[] = [
  {
    kind: "stream",
    // Slow enough that the browser shows the follow-up being written.
    chunks: [
      header({ action: "follow-up", keyPointId: target?.id, competencyId: null, reason: "not verified" }),
      ...(followup.match(/.{1,6}/g) ?? []),
    ],
    chunkDelayMs: 120,
  },
  { kind: "stream", chunks: [header({ action: "move-on", keyPointId: null, competencyId: null, reason: "enough" })] },
];

let llm: ScriptedLlm;
let server: E2EServer;
let browser: Browser;
beforeAll(async () => {
  llm = await startScriptedLlm();
  llm.otherwise((req) => {
    if (req.body.stream) return interviewerReplies.shift() ?? { kind: "status", status: 500, message: "unscripted" };
    if (requestText(req).includes("write the debrief")) {
      return {
        kind: "json",
        value: { overview: debrief, focusAreas: [{ area: "Diagnosis", practice: "Check labels first." }] },
        // Arrives well after the last grade, so the page must keep asking for it.
        delayMs: 3000,
      };
    }
    // Slow grading, so the feedback page shows grades filling in.
    return { kind: "json", value: scriptedGrade(question, { level: 3, quotes: [vague, drawn] }), delayMs: 2500 };
  });
  const env = { ...llmEnv(llm), SERVE_WEB: "true", LLM_TIMEOUT_MS: "10000", LLM_SESSION_SUMMARY: "true" };
  server = await startServer(env);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await llm?.close();
});

describe("model follow-ups in the browser", () => {
  it("appear in the conversation while they are written, then become the next prompt", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

    keepEvidence(page, "streaming-followup-1");
    await page.goto(server.url);
    // Setup through the public API with this browser's token: the UI offers one question only via "Retry".
    const token = await page.evaluate(async () => {
      const r = await fetch("/api/candidates", { method: "POST" });
      const { token } = (await r.json()) as { token: string };
      localStorage.setItem("mockloop.token", token);
      return token;
    });
    const created = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ questionIds: [question.id], maxFollowups: 1 }),
    });
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${server.url}/interview/${id}`);
    await page.getByRole("textbox", { name: "Your answer" }).fill(vague);
    await page.getByRole("button", { name: "Submit answer" }).click();

    const bubble = page.locator(".stream-text");
    await page.waitForFunction(() => (document.querySelector(".stream-text")?.textContent ?? "").length > 12);
    const partial = (await bubble.textContent()) ?? "";
    await capture(page, "40-interview-streaming-followup");
    expect(followup.startsWith(partial)).toBe(true);
    expect(partial.length).toBeLessThan(followup.length);

    await page.locator(".current-prompt.followup").waitFor();
    expect(await page.locator(".question-text").textContent()).toBe(followup);
    expect(await page.locator(".streaming").count()).toBe(0);
    await page.getByRole("textbox", { name: "Your answer" }).fill(drawn);
    await page.getByRole("button", { name: "Submit answer" }).click();
    await page.waitForURL(/\/feedback\//);
    await page.locator(".grading-progress progress").waitFor();
    expect(await page.locator(".verdict-label").textContent()).toBe("Grading in progress");
    expect(await page.locator(".answer-review .pill").textContent()).toBe("Grading…");
    await capture(page, "42-feedback-grading");
    await waitForGrades(page);
    expect(await page.locator(".answer-review .pill").textContent()).toBe("Graded");
    expect(await page.locator(".provenance").first().textContent()).toMatch(/model scripted-grader/);
    expect(await page.locator(".followup-prompt").textContent()).toContain(followup);
    // The debrief is written after the last grade; the page keeps polling until it shows.
    await page.getByRole("heading", { name: "Debrief" }).waitFor({ timeout: 15_000 });
    expect(await page.getByText(debrief).count()).toBe(1);
    await capture(page, "41-feedback-model-graded");
  });
});
