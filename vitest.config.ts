import { defineConfig } from "vitest/config";

/**
 * The suite runs against embedded PGlite always, and against a real PostgreSQL server when
 * TEST_DATABASE_URL is set (CI sets it). Unit tests need no database and run once.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI && !postgresUrl)
  throw new Error("CI must set TEST_DATABASE_URL so the suite also runs on PostgreSQL");
if (!postgresUrl) console.warn("TEST_DATABASE_URL is not set: integration tests run on PGlite only.");

const integration = ["tests/integration/**/*.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "pglite", include: integration, env: { TEST_DB: "pglite" } },
      },
      ...(postgresUrl
        ? [
            { extends: true as const, test: { name: "postgres", include: integration, env: { TEST_DB: "postgres" } } },
            // Real server processes on one database (tests/multi): PostgreSQL only, one file at a time.
            {
              extends: true as const,
              test: {
                name: "multi",
                include: ["tests/multi/**/*.test.ts"],
                fileParallelism: false,
                testTimeout: 120_000,
              },
            },
          ]
        : []),
      {
        extends: true,
        test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], fileParallelism: false, testTimeout: 120_000 },
      },
    ],
  },
});
