/** A progress bar on stderr: redrawn in place on a terminal, a few plain lines otherwise. */
export interface Progress {
  start(label: string, total: number): void;
  tick(outcome: { cached: boolean; error: boolean }): void;
  done(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, done() {} };

interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function createProgress(stream: Stream = process.stderr): Progress {
  let label = "";
  let total = 0;
  let count = 0;
  let cached = 0;
  let errors = 0;
  let started = 0;
  let lastDraw = 0;
  let lastQuarter = 0;
  const tty = Boolean(stream.isTTY);

  const line = () => {
    const frac = total === 0 ? 1 : count / total;
    const elapsed = (performance.now() - started) / 1000;
    const eta =
      count === 0 || count === total || elapsed < 1 ? "" : `  eta ${Math.ceil((elapsed / count) * (total - count))}s`;
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 70));
    const filled = Math.round(frac * width);
    const bar = `${"#".repeat(filled)}${".".repeat(width - filled)}`;
    return `${label} [${bar}] ${count}/${total} ${String(Math.round(frac * 100)).padStart(3)}%  cached ${cached}  errors ${errors}  ${elapsed.toFixed(1)}s${eta}`;
  };

  return {
    start(l, t) {
      label = l;
      total = t;
      count = cached = errors = lastQuarter = 0;
      started = performance.now();
      lastDraw = 0;
      if (tty) stream.write(`\r\x1b[2K${line()}`);
    },
    tick(o) {
      count++;
      if (o.cached) cached++;
      if (o.error) errors++;
      const now = performance.now();
      if (tty) {
        if (now - lastDraw > 80 || count === total) {
          lastDraw = now;
          stream.write(`\r\x1b[2K${line()}`);
        }
        return;
      }
      const quarter = total === 0 ? 4 : Math.floor((count / total) * 4);
      if (quarter > lastQuarter && count < total) {
        lastQuarter = quarter;
        stream.write(`${line()}\n`);
      }
    },
    done() {
      stream.write(tty ? `\r\x1b[2K${line()}\n` : `${line()}\n`);
    },
  };
}
