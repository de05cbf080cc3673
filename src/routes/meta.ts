import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { RoleList } from "../api/schemas.ts";
import { createRouter } from "../http/router.ts";
import type { HealthReport } from "../services.ts";

export const metaRoutes = createRouter();

metaRoutes.openapi(
  createRoute({
    method: "get",
    path: "/roles",
    summary: "Roles with their rounds, presets and published rubric",
    responses: { 200: { description: "Roles", content: { "application/json": { schema: RoleList } } } },
  }),
  (c) => {
    const { content } = c.get("services");
    const roles = [...content.roles.values()].map((hub) => ({
      id: hub.role.id,
      title: hub.role.title,
      summary: hub.role.summary,
      rounds: hub.role.rounds.map((r) => ({
        id: r.id,
        title: r.title,
        purpose: r.purpose,
        defaultMinutes: r.defaultMinutes,
        questions: hub.questions.filter((q) => q.round === r.id).length,
      })),
      presets: hub.role.presets,
      rubric: {
        id: hub.rubric.id,
        version: hub.rubric.version,
        competencies: hub.rubric.competencies.map(({ evidence: _e, ...c }) => c),
      },
    }));
    return c.json({ roles }, 200);
  },
);

const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.object({ driver: z.string(), ok: z.boolean() }),
    grader: z.object({
      id: z.string(),
      version: z.string(),
      model: z.string().nullable(),
      promptVersion: z.string().nullable(),
      mode: z.string(),
    }),
    interviewer: z.object({ id: z.string(), version: z.string(), model: z.string().nullable() }),
    model: z
      .object({ configured: z.boolean(), reachable: z.boolean().nullable(), detail: z.string().optional() })
      .optional(),
  })
  .openapi("Health");

metaRoutes.openapi(
  createRoute({
    method: "get",
    path: "/health",
    summary: "Which grader and interviewer are active, and whether the database and model answer",
    responses: { 200: { description: "Health", content: { "application/json": { schema: Health } } } },
  }),
  async (c) => {
    const s = c.get("services");
    let dbOk = true;
    try {
      await s.database.db.execute(sql`select 1`);
    } catch {
      dbOk = false;
    }
    const g = s.grader.info();
    const i = s.interviewer.info();
    const model = s.modelHealth ? await s.modelHealth() : { configured: false, reachable: null };
    const report: HealthReport = {
      status: dbOk && model?.reachable !== false ? "ok" : "degraded",
      database: { driver: s.database.driver, ok: dbOk },
      grader: {
        ...g,
        mode:
          g.id === "offline"
            ? "offline: no language model is configured, answers are graded by key-point coverage"
            : `model: answers are graded by ${g.model ?? "the configured model"} (prompt ${g.promptVersion ?? "unversioned"}); the offline grader covers failures`,
      },
      interviewer: { id: i.id, version: i.version, model: i.model },
      model,
    };
    return c.json(report, 200);
  },
);
