import type { CliIo } from "../../src/evals/cli-io.ts";

/** An io for running a CLI in-process that keeps what it writes. */
export function collectingIo(cwd: string, env: Record<string, string | undefined> = {}) {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    cwd,
    env,
  };
  return { io, out };
}
