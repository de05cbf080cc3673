import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthReport } from "../../src/services.ts";
import { startTestApp } from "../support/app.ts";
import { startLlmTestApp } from "../support/llm-app.ts";
import { type ScriptedLlm, startScriptedLlm } from "../support/scripted-llm.ts";

let llm: ScriptedLlm;
beforeAll(async () => {
  llm = await startScriptedLlm();
});
afterAll(async () => {
  await llm.close();
});

async function health(app: { request(path: string): Promise<Response> }) {
  const res = await app.request("/api/health");
  expect(res.status).toBe(200);
  return (await res.json()) as HealthReport;
}

describe("GET /api/health with a model configured", () => {
  it("names the active grader and interviewer and says the endpoint answers", async () => {
    const app = await startLlmTestApp(llm);
    try {
      const h = await health(app);
      expect(h.status).toBe("ok");
      expect(h.grader).toMatchObject({ id: "llm", model: "scripted-grader", promptVersion: "grader@1.0.0" });
      expect(h.interviewer).toMatchObject({ id: "llm", model: "scripted-interviewer" });
      expect(h.model).toMatchObject({ configured: true, reachable: true });
      expect(h.model?.detail).toMatch(/grader model scripted-grader, interviewer model scripted-interviewer/);
      expect(h.model?.detail).toMatch(/does not list scripted-grader, scripted-interviewer/);
      // Public: it says which kind of endpoint, never its address.
      expect(JSON.stringify(h)).not.toMatch(/127\.0\.0\.1|localhost|http:/);
      expect(h.model?.detail).toMatch(/at the endpoint set in OPENAI_BASE_URL/);
    } finally {
      await app.close();
    }
  });

  it("reports a model endpoint that does not answer as degraded", async () => {
    llm.modelsStatus = 503;
    const app = await startLlmTestApp(llm);
    try {
      const h = await health(app);
      expect(h.status).toBe("degraded");
      expect(h.model).toMatchObject({ configured: true, reachable: false });
      expect(h.model?.detail).toMatch(/did not answer: HTTP 503/);
      expect(JSON.stringify(h)).not.toMatch(/127\.0\.0\.1|http:/);
    } finally {
      llm.modelsStatus = 200;
      await app.close();
    }
  });

  it("says plainly that nothing is configured when offline", async () => {
    const app = await startTestApp();
    try {
      const h = await health(app);
      expect(h.grader.id).toBe("offline");
      expect(h.model).toEqual({ configured: false, reachable: null });
    } finally {
      await app.close();
    }
  });
});
