import { readFileSync } from "node:fs";
import type { Content } from "../content/load.ts";
import { checkLabel, type EvalData } from "./dataset.ts";
import {
  ADVERSARIAL_KINDS,
  type Label,
  LabelSchema,
  type LineProblem,
  parseJsonl,
  QUALITIES,
  STYLES,
} from "./format.ts";

function counts<T extends string>(values: readonly T[], keys: readonly T[]): string {
  const m = new Map<string, number>(keys.map((k) => [k, 0]));
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([k, n]) => `${k} ${n}`).join(", ");
}

function splitLine(data: EvalData): string {
  if (!data.split.file) return "none (every item is dev)";
  const per = (s: "test" | "dev") => {
    const cases = data.cases.filter((c) => c.split === s);
    return `${s} ${cases.length} items over ${new Set(cases.map((c) => c.question.id)).size} questions`;
  };
  return `${per("test")}, ${per("dev")} (${data.split.file})`;
}

/** What the loaded eval data covers, so a writer can see what is still missing. */
export function dataSummary(data: EvalData, content: Content): string {
  const items = data.cases.map((c) => c.item);
  const normal = data.cases.filter((c) => !c.item.adversarial);
  const adversarial = items.flatMap((i) => (i.adversarial ? [i.adversarial.kind] : []));
  const questions = new Set(data.cases.map((c) => c.question.id));
  const rounds = new Set(data.cases.map((c) => c.round));
  const allRounds = [...content.roles.values()].flatMap((h) => h.role.rounds.map((r) => r.id));
  const bankSize = [...content.roles.values()].reduce((n, h) => n + h.questions.length, 0);
  const missingRounds = allRounds.filter((r) => !rounds.has(r));
  const missingKinds = ADVERSARIAL_KINDS.filter((k) => !adversarial.includes(k));
  const byDataset = new Map<string, number>();
  for (const g of data.generic) byDataset.set(g.dataset, (byDataset.get(g.dataset) ?? 0) + 1);
  const lines = [
    `items: ${items.length} (${normal.length} normal, ${adversarial.length} adversarial) over ${questions.size} of ${bankSize} bank questions`,
    `rounds: ${[...rounds].sort().join(", ") || "none"}${missingRounds.length ? ` (missing: ${missingRounds.join(", ")})` : ""}`,
    `quality (normal items): ${counts(
      normal.map((c) => c.item.quality),
      QUALITIES,
    )}`,
    `style (normal items): ${counts(
      normal.map((c) => c.item.style),
      STYLES,
    )}`,
    `with follow-ups: ${items.filter((i) => (i.followups?.length ?? 0) > 0).length}`,
    `adversarial kinds: ${counts(adversarial, ADVERSARIAL_KINDS)}${missingKinds.length ? ` (missing: ${missingKinds.join(", ")})` : ""}`,
    `held-out split: ${splitLine(data)}`,
    `gold labels: ${data.goldFile ? `${items.length - data.unlabelled.length} of ${items.length} items (${data.goldFile})` : "no gold file yet"}`,
    `generic datasets: ${[...byDataset].map(([d, n]) => `${d} (${n})`).join(", ") || "none"}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** Parses label files (passes or their parts) and checks each label against its item's question. */
export function readLabelFile(
  file: string,
  displayName: string,
  data: EvalData,
): { labels: Label[]; problems: LineProblem[] } {
  const parsed = parseJsonl(readFileSync(file, "utf8"), displayName, LabelSchema);
  const problems = [...parsed.problems];
  const byId = new Map(data.cases.map((c) => [c.item.id, c]));
  const seen = new Set<string>();
  const labels = parsed.rows.flatMap(({ line, value }) => {
    const c = byId.get(value.itemId);
    const where = { file: displayName, line, field: "itemId" };
    if (!c) {
      problems.push({ ...where, message: `no item "${value.itemId}"` });
      return [];
    }
    if (seen.has(value.itemId)) problems.push({ ...where, message: "labelled twice in this file" });
    seen.add(value.itemId);
    problems.push(...checkLabel(value, c.question, displayName, line));
    return [value];
  });
  return { labels, problems };
}
