import { type BaseMessage, HumanMessage } from "@langchain/core/messages";
import type { Level, Question, Rubric } from "../../content/schema.ts";
import type { LlmCallRecord } from "../../llm/accounting.ts";
import type { CallSpec, LlmClient } from "../../llm/client.ts";
import { LlmFailure, type TokenUsage } from "../../llm/errors.ts";
import { newNonce, renderExchange } from "../../llm/fence.ts";
import { loadPrompt, type Prompt } from "../../llm/prompts.ts";
import { mostlyLists, paddingSigns } from "../guards/padding.ts";
import type { OfflineGrader } from "../offline/grader.ts";
import { coverage } from "../offline/keypoints.ts";
import type { AnswerSignals } from "../signals.ts";
import type {
  ExchangeTurn,
  GradeInput,
  GradeResult,
  Grader,
  GraderInfo,
  GraderOutput,
  ReferenceGradeInput,
  ReferenceGradeOutput,
  Usage,
} from "../types.ts";
import { detectWeakSignals } from "../weak-signals.ts";
import { applyGuards, type DraftCompetency, type DraftKeyPoint } from "./guards.ts";
import { type QuoteCheck, verifyQuotes } from "./quotes.ts";
import { gradeReferenceWithModel } from "./reference.ts";
import { renderCompetencies, renderKeyPoints, renderScale } from "./render.ts";
import { type GradeOutput, gradeOutputSpec, NOT_OBSERVED } from "./schema.ts";

export const LLM_GRADER_VERSION = "llm-1.0.0";

/** Quotes kept per competency or key point; more adds nothing a candidate would read. */
const MAX_QUOTES = 5;

export interface LlmGraderOptions {
  client: LlmClient;
  /** Supplies the coverage cross-check and the baseline levels the guards compare against. */
  offline: OfflineGrader;
  gradePrompt?: Prompt;
  referencePrompt?: Prompt;
}

interface VerifiedDraft {
  competencies: DraftCompetency[];
  keyPoints: DraftKeyPoint[];
  output: GradeOutput;
}

const clip = (items: string[], max: number, chars: number) =>
  items
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, max)
    .map((s) => (s.length > chars ? `${s.slice(0, chars - 1)}…` : s));

function sumUsage(calls: LlmCallRecord[]): Usage {
  return {
    calls: calls.length,
    inputTokens: calls.reduce((a, c) => a + c.inputTokens, 0),
    outputTokens: calls.reduce((a, c) => a + c.outputTokens, 0),
    latencyMs: Math.round(calls.reduce((a, c) => a + c.latencyMs, 0)),
  };
}

/** Grades with a language model, then verifies every quote and applies the guards in guards.ts. */
export class LlmGrader implements Grader {
  private readonly gradePrompt: Prompt;
  private readonly referencePrompt: Prompt;

  constructor(private readonly opts: LlmGraderOptions) {
    this.gradePrompt = opts.gradePrompt ?? loadPrompt("grader");
    this.referencePrompt = opts.referencePrompt ?? loadPrompt("reference-grader");
  }

  info(): GraderInfo {
    return {
      id: "llm",
      version: LLM_GRADER_VERSION,
      model: this.opts.client.settings.graderModel,
      promptVersion: this.gradePrompt.versionTag,
    };
  }

  get referencePromptVersion(): string {
    return this.referencePrompt.versionTag;
  }

  async grade(input: GradeInput, signal?: AbortSignal): Promise<GraderOutput> {
    const { question, rubric, exchange } = input;
    const nonce = newNonce();
    const base = await this.gradePrompt.render({
      nonce,
      questionId: question.id,
      question: question.text,
      scale: renderScale(rubric),
      competencies: renderCompetencies(question, rubric, "full"),
      keyPoints: renderKeyPoints(question),
      modelAnswer: question.modelAnswer,
      exchange: renderExchange(exchange, nonce),
    });
    const calls: LlmCallRecord[] = [];
    const spec: CallSpec = {
      purpose: "grade",
      model: { model: this.opts.client.settings.graderModel, temperature: 0, maxTokens: 2500 },
      promptVersion: this.gradePrompt.versionTag,
      context: input.context,
      lane: "background",
      signal,
      tally: (c) => calls.push(c),
    };
    const schema = gradeOutputSpec(question);
    let correction: HumanMessage | null = null;
    for (let round = 1; ; round++) {
      try {
        const draft = await this.opts.client.structured(
          spec,
          (previous) => withCorrections(base, correction, previous),
          schema,
          (value, usage) => verifyDraft(value, question, exchange, usage),
        );
        return { result: this.finish(draft, question, rubric, exchange), usage: sumUsage(calls) };
      } catch (err) {
        // One corrective retry for invented quotes; a second offence fails the grade.
        if (!(err instanceof LlmFailure) || err.kind !== "invented-quotes") throw err;
        if (round > 1) throw new LlmFailure(err.kind, `${err.message}, again after a corrective retry`);
        correction = new HumanMessage(
          `Your previous grade quoted words that do not occur in the candidate's answers (${err.message}). ` +
            "Grade again from the start. Copy every quote character for character from the text between the " +
            "answer markers, or leave the evidence empty.",
        );
      }
    }
  }

  private finish(draft: VerifiedDraft, question: Question, rubric: Rubric, exchange: ExchangeTurn[]): GradeResult {
    const offline = this.opts.offline;
    const signals = offline.assess(question, exchange);
    const guarded = signals.language.english
      ? this.guardEnglish(draft, question, rubric, exchange, signals)
      : applyGuards(draft, {
          // The offline checks read English only; what does not depend on the language still applies.
          question,
          rubric,
          steering: signals.steering,
          lists: [],
          mostlyLists: false,
          padding: signals.guards.filter((g) => g.kind === "repetition").map((g) => g.reason),
          restated: false,
          offlineLevels: new Map(question.competencies.map((c) => [c, 3])),
          offlineCoverage: new Map(question.competencies.map((c) => [c, 1])),
          guards: signals.guards.filter((g) => g.kind === "repetition"),
        });
    const kindOf = new Map(exchange.map((t) => [t.turnId, t.kind]));
    const info = this.info();
    return {
      competencies: guarded.competencies.map((c) => ({
        competencyId: c.competencyId,
        level: c.level,
        evidence: c.evidence.map(({ quote, turnId }) => ({ quote, turnId })),
        rationale: c.rationale,
      })),
      keyPoints: guarded.keyPoints.map((k) => {
        const drawnOut =
          k.status !== "missed" &&
          k.evidence.length > 0 &&
          k.evidence.every((q) => kindOf.get(q.turnId) === "followup");
        return {
          keyPointId: k.keyPointId,
          status: k.status,
          evidence: k.evidence.map(({ quote, turnId }) => ({ quote, turnId })),
          ...(drawnOut ? { drawnOutByTurnId: k.evidence[0]?.turnId } : {}),
        };
      }),
      strengths: clip(draft.output.strengths, 5, 300),
      improvements: clip(draft.output.improvements, 5, 300),
      weakSignals: signals.language.english
        ? detectWeakSignals(question, exchange, [...signals.steering, ...signals.duplicates])
        : [],
      summary: clip([draft.output.summary], 1, 600)[0] ?? "",
      notice: [
        `Graded by the language model ${info.model} (prompt ${info.promptVersion}); every quote was checked against your answer.`,
        ...guarded.notes,
        ...signals.notes,
      ].join(" "),
    };
  }

  /** Every guard, including those that compare with the offline grader's reading of the answer. */
  private guardEnglish(
    draft: VerifiedDraft,
    question: Question,
    rubric: Rubric,
    exchange: ExchangeTurn[],
    signals: AnswerSignals,
  ) {
    const offline = this.opts.offline;
    const offlineGrade = offline.gradeSync(question, rubric, exchange, signals);
    const matches = offline.matchKeyPoints(question, exchange, signals);
    const offlineCoverage = new Map(
      question.competencies.map((cid) => {
        const wholeAnswer = rubric.competencies.find((c) => c.id === cid)?.evidence === "whole-answer";
        return [cid, wholeAnswer ? coverage(matches) : coverage(matches, (kp) => kp.competencies.includes(cid))];
      }),
    );
    const lists = signals.lists;
    return applyGuards(draft, {
      question,
      rubric,
      steering: signals.steering,
      lists,
      mostlyLists: mostlyLists(exchange, lists),
      padding: paddingSigns(exchange, question.timeGuidelineMinutes, lists),
      restated: signals.restated,
      offlineLevels: new Map(offlineGrade.competencies.map((c) => [c.competencyId, c.level])),
      offlineCoverage,
      guards: signals.guards,
      support: (keyPointId, quote) => offline.quoteSupport(question, keyPointId, quote),
    });
  }

  gradeReference(input: ReferenceGradeInput, signal?: AbortSignal): Promise<ReferenceGradeOutput> {
    return gradeReferenceWithModel(this.opts.client, this.referencePrompt, this.opts.offline, input, signal);
  }
}

function withCorrections(base: BaseMessage[], correction: HumanMessage | null, previous: LlmFailure | null) {
  const messages = correction ? [...base, correction] : [...base];
  if (previous?.kind === "malformed") {
    messages.push(
      new HumanMessage(
        `Your previous reply could not be used (${previous.message}). Reply again with the complete structured ` +
          "output, with one entry for every competency and every key point listed.",
      ),
    );
  }
  return messages;
}

const toLevel = (l: string): Level | null => (l === NOT_OBSERVED ? null : (Number(l) as Level));

/** Runs inside the model call: a grade that lacks entries or quotes invented words fails that call. */
function verifyDraft(
  value: GradeOutput,
  question: Question,
  exchange: ExchangeTurn[],
  usage: TokenUsage,
): VerifiedDraft {
  const competencies = question.competencies.map((cid) => value.competencies.find((c) => c.competencyId === cid));
  const keyPoints = question.keyPoints.map((kp) => value.keyPoints.find((k) => k.keyPointId === kp.id));
  const missing = [
    ...question.competencies.filter((_, i) => !competencies[i]),
    ...question.keyPoints.filter((_, i) => !keyPoints[i]).map((k) => k.id),
  ];
  if (missing.length > 0) {
    throw new LlmFailure("malformed", `malformed output: the grade leaves out ${missing.join(", ")}`, { usage });
  }
  const checks: QuoteCheck[] = [];
  const check = (quotes: string[]) => {
    const c = verifyQuotes(quotes, exchange);
    checks.push(c);
    return c.verified;
  };
  const draft: VerifiedDraft = {
    output: value,
    competencies: competencies.map((c) => {
      const x = c as GradeOutput["competencies"][number];
      return {
        competencyId: x.competencyId,
        level: toLevel(x.level),
        evidence: check(x.evidence.slice(0, MAX_QUOTES)),
        rationale: clip([x.rationale], 1, 800)[0] ?? "",
      };
    }),
    keyPoints: keyPoints.map((k) => {
      const x = k as GradeOutput["keyPoints"][number];
      return { keyPointId: x.keyPointId, status: x.status, evidence: check(x.evidence.slice(0, MAX_QUOTES)) };
    }),
  };
  const invented = [...new Set(checks.flatMap((c) => c.invented))];
  if (invented.length > 0) {
    const sample = invented
      .slice(0, 2)
      .map((q) => `"${q.length > 80 ? `${q.slice(0, 80)}…` : q}"`)
      .join(", ");
    throw new LlmFailure(
      "invented-quotes",
      `invented quotes: ${invented.length} quote${invented.length === 1 ? "" : "s"} not found in the answer (${sample})`,
      { usage },
    );
  }
  return draft;
}
