import type { Question } from "../content/schema.ts";
import { sentenceSpans } from "../text/sentences.ts";
import { overlapsAny, type SignalSpan } from "./guards/spans.ts";
import type { ExchangeTurn, WeakSignal } from "./types.ts";

interface Sentence {
  turnId: string;
  text: string;
  next: string;
}

const POPULAR_MODEL =
  /\b(transformers?|bert|gpt(-?\d)?|llms?|large language models?|deep learning|deep neural (nets?|networks?)|neural (nets?|networks?)|xgboost|lightgbm|resnet|cnns?|lstms?|foundation models?|the latest model)\b/i;
const JUSTIFIED =
  /\b(because|since|so that|trade-?offs?|latency|cost|budget|baseline|compared?|simpler|instead|rather than|depends|given|constraints?|data size|too (few|little|small)|interpretab|why)\b/i;
const METRIC =
  /\b(accuracy|auc|roc|f1|precision|recall|rmse|mae|ndcg|map@?\d*|log ?loss|click-?through( rate)?|ctr|\d+(\.\d+)? ?%)\b/i;
const METHOD =
  /\b(validation|held-?out|hold-?out|test (set|split)|cross-?validat|k-?fold|split|baseline|a\/b|experiment|online|offline|confidence|interval|segment|slice|per[- ]class|calibrat|out-of-time|by time)\b/i;
const PRODUCTION =
  /\b(deploy|deployment|serving|serve|production|monitor|rollout|roll out|rollback|canary|shadow|latency|drift|retrain|pipeline|live|a\/b|online)\w*/i;
const IMPACT =
  /\b(users?|customers?|business|revenue|costs?|money|product|conversion|retention|stakeholders?|impact|risk|experience|churn)\b/i;
/** Terms that are jargon to a non-specialist listener. */
const JARGON =
  /\b(embeddings?|logits?|softmax|regulari[sz]ation|gradients?|backprop\w*|hyperparameters?|latent|variance|bias|entropy|kl|sgd|adam\w*|dropout|batch ?norm\w*|attention|vectori[sz]ed?|quanti[sz]\w*|distillation|auc|f1|ndcg|calibration|ensembles?|boosting|bagging|transformers?|features?|lasso|ridge|l1|l2)\b/gi;

function sentencesOf(exchange: readonly ExchangeTurn[], skip: readonly SignalSpan[]): Sentence[] {
  return exchange.flatMap((turn) => {
    const spans = sentenceSpans(turn.answer).filter((s) => !overlapsAny(turn.turnId, s.start, s.end, skip));
    return spans.map((s, i) => ({ turnId: turn.turnId, text: s.text, next: spans[i + 1]?.text ?? "" }));
  });
}

const signal = (competencyId: string, text: string, s: Sentence): WeakSignal => ({
  competencyId,
  signal: text,
  quote: s.text,
  turnId: s.turnId,
});

/**
 * The rubric's weak signals, where words can show them: a popular model with no reason, a
 * single number with no method, offline accuracy with nothing about deployment, and jargon with
 * no link to what it means for the product. Each comes with the sentence that shows it, and only
 * for competencies the question assesses.
 */
export function detectWeakSignals(
  question: Question,
  exchange: readonly ExchangeTurn[],
  skip: readonly SignalSpan[] = [],
): WeakSignal[] {
  const sentences = sentencesOf(exchange, skip);
  if (sentences.length === 0) return [];
  const all = sentences.map((s) => s.text).join(" ");
  const assesses = (c: string) => question.competencies.includes(c);
  const out: WeakSignal[] = [];

  if (assesses("modeling-judgment")) {
    const s = sentences.find((x) => POPULAR_MODEL.test(x.text) && !JUSTIFIED.test(`${x.text} ${x.next}`));
    if (s) out.push(signal("modeling-judgment", "Reaches for a popular model without saying why it fits", s));
  }
  if (assesses("evaluation-rigor")) {
    const metrics = sentences.filter((x) => METRIC.test(x.text));
    const named = new Set(all.toLowerCase().match(new RegExp(METRIC.source, "gi")) ?? []);
    if (metrics.length > 0 && named.size === 1 && !METHOD.test(all)) {
      out.push(signal("evaluation-rigor", "Quotes a single metric with no method behind it", metrics[0] as Sentence));
    }
  }
  if (assesses("production-readiness") && !PRODUCTION.test(all)) {
    const s = sentences.find((x) => METRIC.test(x.text));
    if (s) out.push(signal("production-readiness", "Stops at offline accuracy; deployment never comes up", s));
  }
  if (assesses("communication-clarity") && !IMPACT.test(all)) {
    const dense = sentences
      .map((x) => ({ x, n: new Set((x.text.match(JARGON) ?? []).map((j) => j.toLowerCase())).size }))
      .sort((a, b) => b.n - a.n)[0];
    if (dense && dense.n >= 4) {
      out.push(signal("communication-clarity", "Uses jargon without saying what it means for the product", dense.x));
    }
  }
  return out;
}
