#!/usr/bin/env node
// Generates the mechanical v2 adversarial items (phrase-list, recited-key-points,
// pasted-model-answer, repetition, padding) from the question bank and appends them to
// evals/items/<questionId>.jsonl. Idempotent: an id that already exists is skipped.
//
//   node evals/tools/make-v2-adversarial.mjs          # append missing items
//   node evals/tools/make-v2-adversarial.mjs --dry    # print what would be written
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const questionsDir = join(root, "content", "roles", "ml-engineer", "questions");
const itemsDir = join(root, "evals", "items");
const MAX_CHARS = 19_900; // the API limit is 20,000
const dry = process.argv.includes("--dry");

const question = (id) => YAML.parse(readFileSync(join(questionsDir, `${id}.yaml`), "utf8"));
const oneLine = (s) => s.replace(/\s+/g, " ").trim();

/** A phrasing cut to a fragment of at most five words. */
const fragment = (p, start = 0) => {
  const w = p.split(/\s+/);
  const from = w.length > 5 ? Math.min(start, w.length - 3) : 0;
  return w.slice(from, from + 5).join(" ");
};

function phraseList(q, variant) {
  const frags = [];
  q.keyPoints.forEach((k, i) => {
    const ps = k.phrasings ?? [];
    if (ps[0]) frags.push(fragment(ps[0], i % 2));
    if (ps[1] && (variant !== "prose" || i % 2 === 0)) frags.push(fragment(ps[1]));
  });
  if (variant === "comma") return frags.join(", ");
  if (variant === "bullets") return frags.map((f) => `- ${f}`).join("\n");
  // prose: fragments glued with function words so it looks like a sentence
  const glue = [" and the ", " with the ", " and also ", ", so the ", " of the ", " and then "];
  return `So ${frags.map((f, i) => (i === 0 ? f : glue[i % glue.length] + f)).join("")}, basically.`;
}

function recited(q, variant) {
  const pre = ["First, ", "Also, ", "Then, ", "Next, ", "On top of that, ", "Finally, "];
  return q.keyPoints
    .map((k, i) => {
      const t = k.text.trim();
      if (variant === "plain") return t;
      const p = i === q.keyPoints.length - 1 ? pre[pre.length - 1] : pre[Math.min(i, pre.length - 2)];
      return p + t.charAt(0).toLowerCase() + t.slice(1);
    })
    .join(variant === "lines" ? "\n" : " ");
}

/** Near-verbatim model answer: a few word swaps and two sentences reordered. */
function nearVerbatim(q) {
  const swaps = [
    [/\bI would\b/g, "I'd"],
    [/\bbecause\b/g, "since"],
    [/\bfirst\b/g, "initially"],
    [/\bcompare\b/g, "check"],
    [/\busually\b/g, "typically"],
    [/\boften\b/g, "frequently"],
    [/\blarge\b/g, "big"],
  ];
  let text = oneLine(q.modelAnswer);
  for (const [re, to] of swaps) text = text.replace(re, to);
  const sentences = text.match(/[^.!?]+[.!?]+(\s|$)/g)?.map((s) => s.trim()) ?? [text];
  if (sentences.length >= 4) {
    [sentences[1], sentences[2]] = [sentences[2], sentences[1]];
  }
  return sentences.join(" ");
}

function repeatTo(text, limit = MAX_CHARS) {
  const parts = [];
  let len = 0;
  while (len + text.length + 2 <= limit) {
    parts.push(text);
    len += text.length + 2;
  }
  return parts.join("\n\n");
}

// Filler written for these items: generic talk that says nothing about the question.
const FILLER = [
  "Before I get into it, I just want to say how much I have enjoyed the process so far. Everyone I have spoken to has been friendly, and the office looked great on the video call. I have been following the company for a couple of years, mostly through the engineering blog, and I always felt the culture came through in the way people write about their work.",
  "It has been a strange week weather-wise where I live. Monday was bright and almost warm, then on Wednesday we had hail, and this morning there was fog so thick I could not see the end of the street. I took the dog out early anyway, and she did not seem to mind at all, she just wanted to chase the same pigeon she chases every morning.",
  "I am a big believer in growth mindset. I think the most important thing for any engineer is to stay curious, keep learning and never be afraid to ask questions. In every team I have been in, the people who did best were the ones who were humble and hungry, and I try to bring that attitude to everything I do, whether it is a big project or a small bug.",
  "Something I really value is collaboration. Great things are never built by one person alone, and I have always found that when people trust each other and communicate openly, the results are much better. I like to think of myself as a team player who is also comfortable taking ownership when it is needed, and I think that balance is important.",
  "On a personal note, I have been getting into cooking lately. Last weekend I tried to make fresh pasta for the first time, and it was a bit of a disaster, flour everywhere, but the second attempt was much better. I find it relaxing after a long day at the screen, and it is nice to make something you can actually taste at the end of it.",
  "I also want to mention that I am very passionate about the mission here. Technology should make people's lives better, and I think this company really gets that. When I read about the product I could immediately see myself contributing, and I would be excited to grow with the team over the next few years and take on more responsibility over time.",
  "Let me also give a bit of context about how I like to work in general. I am an early riser, so I usually do my deep work in the morning and leave meetings for the afternoon. I keep a notebook with a to-do list, even though everyone tells me to use an app, and I find that writing things by hand helps me remember them and prioritise the day.",
  "Anyway, I realise I have been talking for a while, so thank you for your patience. I am sure you have heard many answers to this today. I always get a bit nervous in interviews, even after several years in the industry, but I think that is a good sign, because it means I care about the outcome and want to do well for the people I would work with.",
];

function filler(targetChars, offset) {
  const out = [];
  let len = 0;
  let i = offset;
  while (len < targetChars) {
    const p = FILLER[i % FILLER.length];
    out.push(p);
    len += p.length + 2;
    i += 3; // walk the list in a different order each time round
  }
  return out.join("\n\n");
}

function padded(core, offset) {
  const side = Math.floor((15_000 - core.length) / 2);
  const text = `${filler(side, offset)}\n\nOK, to the question itself. ${core}\n\n${filler(side, offset + 5)}`;
  return text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
}

// Mediocre answers in our own words, used for the repetition items.
const MEDIOCRE = {
  "class-imbalance":
    "With so few positives I would oversample the fraud cases, maybe with SMOTE, and then look at precision and recall instead of accuracy. Then pick a threshold that seems reasonable.",
  "training-serving-skew":
    "Skew is when training and serving data are different. It happens when pipelines are different. A feature store helps and you should monitor it.",
  "shipping-decision":
    "For me the model has to beat the old one on the offline metric and then we do an A/B test. On my last project we shipped once the AUC was better and the test looked fine.",
  "knn-classifier":
    "kNN just stores the training data. For predict you compute distances to every point, sort them, take the k closest and do a majority vote. Pick k with cross-validation.",
};

// Decent own answers wrapped in filler for the padding items (the rest pad the model answer).
const DECENT = {
  "cross-validation":
    "Cross-validation means cutting the data into k parts, training on all but one and scoring on the one left out, then rotating and averaging. It is steadier than one split and the spread across folds tells you how noisy the estimate is. For time series you train on the past and validate on later periods instead of shuffling, with grouped folds when a user has many rows. If you also tune on the same folds the best score is optimistic, so use a nested loop or keep a final test set.",
  "post-deploy-metrics":
    "I would watch four layers: service health (p99 latency, errors, timeouts), the inputs (null rates, ranges, drift against training with PSI), the outputs (score distribution and positive rate, which move before labels arrive), and quality once labels land, plus the business KPI the model is meant to move. Alerts come from baselines and SLOs, each with an owner and a runbook, and thresholds tuned so people do not start ignoring them.",
  "data-leakage":
    "At 0.97 I would first look for features written after the outcome, like a cancellation reason, then check whether the split was random when it should have been by time, whether the same customer sits in train and test, and whether scalers or encoders were fitted on everything. I would confirm by retraining on a strict time split without the suspect features, and prevent it with point-in-time joins and preprocessing inside the pipeline.",
};

// [questionId, kind, variant, n, style]
const SPECS = [
  ["overfitting", "phrase-list", "comma", 1, "terse"],
  ["regularization", "phrase-list", "bullets", 1, "terse"],
  ["bias-variance", "phrase-list", "prose", 1, "unstructured"],
  ["concept-drift", "phrase-list", "bullets", 1, "terse"],
  ["deploy-model", "phrase-list", "comma", 1, "terse"],
  ["churn-prediction", "phrase-list", "prose", 1, "unstructured"],
  ["search-ranking", "phrase-list", "bullets", 1, "terse"],
  ["stable-softmax", "phrase-list", "comma", 1, "terse"],
  ["knn-classifier", "phrase-list", "bullets", 1, "terse"],
  ["shipping-decision", "phrase-list", "prose", 1, "unstructured"],
  ["gradient-descent-variants", "phrase-list", "comma", 1, "terse"],
  ["classification-metrics", "phrase-list", "prose", 1, "unstructured"],

  ["class-imbalance", "recited-key-points", "prefixed", 1, "structured"],
  ["model-calibration", "recited-key-points", "plain", 1, "structured"],
  ["retraining-pipeline", "recited-key-points", "lines", 1, "structured"],
  ["fraud-detection-latency", "recited-key-points", "prefixed", 1, "structured"],
  ["cross-entropy-loss", "recited-key-points", "plain", 1, "structured"],
  ["failed-project", "recited-key-points", "prefixed", 1, "structured"],
  ["safe-rollout", "recited-key-points", "lines", 1, "structured"],
  ["attention-transformers", "recited-key-points", "prefixed", 1, "structured"],

  ["overfitting", "pasted-model-answer", "verbatim", 1, "structured"],
  ["feature-engineering", "pasted-model-answer", "verbatim", 1, "structured"],
  ["llm-rag-application", "pasted-model-answer", "verbatim", 1, "structured"],
  ["stakeholder-disagreement", "pasted-model-answer", "verbatim", 1, "structured"],
  ["accuracy-decay", "pasted-model-answer", "near", 1, "structured"],
  ["train-test-split-stratified", "pasted-model-answer", "near", 1, "structured"],
  ["video-recommendations", "pasted-model-answer", "near", 1, "structured"],
  ["debug-training-loop", "pasted-model-answer", "near", 1, "structured"],

  ["supervised-unsupervised-rl", "repetition", "model", 1, "rambling"],
  ["experiment-tracking-versioning", "repetition", "model", 1, "rambling"],
  ["kmeans-from-scratch", "repetition", "model", 1, "rambling"],
  ["latency-improvement", "repetition", "model", 1, "rambling"],
  ["class-imbalance", "repetition", "own", 1, "rambling"],
  ["training-serving-skew", "repetition", "own", 1, "rambling"],
  ["shipping-decision", "repetition", "own", 1, "rambling"],
  ["knn-classifier", "repetition", "own", 1, "rambling"],

  ["cross-validation", "padding", "own", 1, "rambling"],
  ["post-deploy-metrics", "padding", "own", 1, "rambling"],
  ["data-leakage", "padding", "own", 1, "rambling"],
  ["realtime-recommendations", "padding", "model", 1, "rambling"],
  ["explaining-uncertainty", "padding", "model", 1, "rambling"],
  ["image-classification-system", "padding", "model", 1, "rambling"],
];

function build([qid, kind, variant, n, style], idx) {
  const q = question(qid);
  let answer;
  let quality = "weak";
  if (kind === "phrase-list") answer = phraseList(q, variant);
  else if (kind === "recited-key-points") answer = recited(q, variant);
  else if (kind === "pasted-model-answer") answer = variant === "verbatim" ? oneLine(q.modelAnswer) : nearVerbatim(q);
  else if (kind === "repetition") answer = repeatTo(variant === "model" ? oneLine(q.modelAnswer) : MEDIOCRE[qid]);
  else if (kind === "padding") answer = padded(variant === "model" ? oneLine(q.modelAnswer) : DECENT[qid], idx);
  if (!answer) throw new Error(`no text for ${qid} ${kind} ${variant}`);
  if (answer.length > MAX_CHARS) throw new Error(`${qid} ${kind}: ${answer.length} chars`);
  return {
    id: `${qid}-v2-${kind}-${n}`,
    questionId: qid,
    quality,
    style,
    answer,
    adversarial: { kind, cap: 2 },
  };
}

const byFile = new Map();
SPECS.forEach((spec, i) => {
  const item = build(spec, i);
  if (!byFile.has(item.questionId)) byFile.set(item.questionId, []);
  byFile.get(item.questionId).push(item);
});

let written = 0;
for (const [qid, items] of byFile) {
  const file = join(itemsDir, `${qid}.jsonl`);
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const ids = new Set(
    existing
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l).id),
  );
  const fresh = items.filter((it) => !ids.has(it.id));
  if (fresh.length === 0) continue;
  const lines = fresh.map((it) => JSON.stringify(it)).join("\n") + "\n";
  const sep = existing === "" || existing.endsWith("\n") ? "" : "\n";
  if (dry) for (const it of fresh) console.log(it.id, it.answer.length, it.answer.slice(0, 100).replace(/\n/g, " | "));
  else writeFileSync(file, existing + sep + lines);
  written += fresh.length;
}
console.log(`${dry ? "would write" : "wrote"} ${written} item(s)`);
