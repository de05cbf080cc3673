import { z } from "zod";
import type { Rubric } from "../../content/schema.ts";
import type { CallSpec, LlmClient } from "../../llm/client.ts";
import { loadPrompt, type Prompt } from "../../llm/prompts.ts";
import type { StructuredSpec } from "../../llm/structured.ts";
import type { GradeResult } from "../types.ts";

const SummaryOutput = z.object({
  overview: z.string(),
  focusAreas: z.array(z.object({ area: z.string(), practice: z.string() })),
});
export type SessionSummary = z.infer<typeof SummaryOutput> & { promptVersion: string; model: string };

const summarySpec: StructuredSpec<z.infer<typeof SummaryOutput>> = {
  name: "submit_debrief",
  description: "An overall debrief of the session for the candidate.",
  schema: SummaryOutput,
};

export interface SummaryInput {
  sessionId: string;
  rubric: Rubric;
  /** Competency means from the scorecard; null when not observed. */
  competencyMeans: { competencyId: string; mean: number | null }[];
  /** Graded answers only: the summary says nothing about what was not graded. */
  grades: { questionText: string; result: GradeResult }[];
}

/**
 * Writes the end-of-session debrief from stored grades only, so it can add no judgment the
 * grades do not contain. Not stored yet: the schema has no column for it (see docs/llm.md).
 */
export class LlmSessionSummarizer {
  private readonly prompt: Prompt;

  constructor(
    private readonly client: LlmClient,
    prompt?: Prompt,
  ) {
    this.prompt = prompt ?? loadPrompt("session-summary");
  }

  async summarize(input: SummaryInput, signal?: AbortSignal): Promise<SessionSummary> {
    const name = (id: string) => input.rubric.competencies.find((c) => c.id === id)?.name ?? id;
    const messages = await this.prompt.render({
      competencies: input.competencyMeans
        .map((c) => `- ${name(c.competencyId)}: ${c.mean === null ? "not observed" : c.mean.toFixed(2)}`)
        .join("\n"),
      questions: input.grades
        .map((g, i) =>
          [
            `${i + 1}. ${g.questionText}`,
            `   Strengths: ${g.result.strengths.join("; ") || "none noted"}`,
            `   To improve: ${g.result.improvements.join("; ") || "none noted"}`,
            `   Missed key points: ${g.result.keyPoints.filter((k) => k.status === "missed").length} of ${g.result.keyPoints.length}`,
          ].join("\n"),
        )
        .join("\n"),
    });
    const spec: CallSpec = {
      purpose: "session-summary",
      model: { model: this.client.settings.graderModel, temperature: 0.3, maxTokens: 700 },
      promptVersion: this.prompt.versionTag,
      context: { sessionId: input.sessionId },
      lane: "background",
      signal,
    };
    const value = await this.client.structured(
      spec,
      () => messages,
      summarySpec,
      (v) => v,
    );
    return { ...value, promptVersion: this.prompt.versionTag, model: this.client.settings.graderModel };
  }
}
