import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

/**
 * Where a CLI writes and what it runs in. The bin scripts pass the process's own; tests pass
 * collectors, so the CLIs run in-process without spawning a child.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Paths on the command line are resolved, and paths in messages shown, relative to this. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Where the progress bar draws; defaults to stderr without a terminal. */
  progressStream?: { write(s: string): unknown; isTTY?: boolean; columns?: number };
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    progressStream: process.stderr,
  };
}

/** The lines-with-newline helpers a CLI needs on top of its io. */
export function printers(io: CliIo) {
  return {
    out: (line = "") => io.stdout(`${line}\n`),
    err: (line = "") => io.stderr(`${line}\n`),
    rel: (p: string) => relative(io.cwd, p) || p,
    abs: (p: string) => resolve(io.cwd, p),
  };
}

/** Writes a report to a file (creating folders) or to stdout for "-", and says where it went. */
export function writeOutput(io: CliIo, path: string, text: string): void {
  if (path === "-") {
    io.stdout(text);
    return;
  }
  const p = printers(io);
  const target = p.abs(path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  p.err(`wrote ${p.rel(target)}`);
}

/** Runs a CLI's entry point for a bin script: its result becomes the exit code, a crash exit 2. */
export function runAsBin(main: (argv: string[], io: CliIo) => Promise<number> | number): void {
  Promise.resolve()
    .then(() => main(process.argv.slice(2), processIo()))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err) => {
        console.error(err);
        process.exitCode = 2;
      },
    );
}
