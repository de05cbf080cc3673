import { benchInterviews } from "./interview-bench.ts";
import { fmt } from "./stats.ts";

const pgUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want("interview")) {
  console.log("# Interview turns over HTTP, offline grader, PostgreSQL");
  console.log("baseline = bare Hono route doing one INSERT and one SELECT, same server, same concurrency\n");
  console.log(
    "| candidates | turns | p50 ms | p99 ms | turns/s | baseline p50 | baseline p99 | baseline req/s | p50 x | p99 x | throughput x |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of await benchInterviews(pgUrl, [50, 200])) {
    const i = r.interview;
    const b = r.baseline;
    console.log(
      `| ${r.concurrency} | ${i.requests} | ${fmt(i.p50)} | ${fmt(i.p99)} | ${fmt(i.throughput)} | ${fmt(b.p50)} | ${fmt(b.p99)} | ${fmt(b.throughput)} | ${fmt(i.p50 / b.p50, 2)} | ${fmt(i.p99 / b.p99, 2)} | ${fmt(i.throughput / b.throughput, 2)} |`,
    );
  }
}
