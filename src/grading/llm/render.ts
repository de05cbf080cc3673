import type { Question, Rubric } from "../../content/schema.ts";

/** Text blocks that describe a question and its rubric to a model; shared by grader and interviewer. */

export function renderScale(rubric: Rubric): string {
  const labels = rubric.scale.labels;
  return `1 = ${labels["1"]}, 2 = ${labels["2"]}, 3 = ${labels["3"]}, 4 = ${labels["4"]}; or "not observed".`;
}

export function renderCompetencies(question: Question, rubric: Rubric, detail: "full" | "brief"): string {
  return question.competencies
    .map((id) => {
      const c = rubric.competencies.find((x) => x.id === id);
      if (!c) return `- ${id}`;
      if (detail === "brief") return `- ${c.id} (${c.name}): ${c.description}`;
      return [
        `- ${c.id} (${c.name}): ${c.description}`,
        ...(["1", "2", "3", "4"] as const).map((l) => `  Level ${l}: ${c.levels[l]}`),
        `  Strong signals: ${c.strongSignals.join(" | ")}`,
        `  Weak signals: ${c.weakSignals.join(" | ")}`,
      ].join("\n");
    })
    .join("\n");
}

export function renderKeyPoints(question: Question): string {
  return question.keyPoints
    .map((k) => `- ${k.id} (weight ${k.weight}; shows ${k.competencies.join(", ")}): ${k.text}`)
    .join("\n");
}

export function renderProbes(question: Question): string {
  return question.probes.map((p) => `- (${p.keyPoint}) ${p.text}`).join("\n");
}
