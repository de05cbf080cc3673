import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** The client is built into dist/web, which the API server serves (src/http/web.ts). */
export default defineConfig({
  root,
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL("../../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
  },
  server: {
    // `npx vite --config src/web/vite.config.ts` during development; the API runs on its own port.
    proxy: { "/api": `http://localhost:${process.env.API_PORT ?? "3000"}` },
  },
});
