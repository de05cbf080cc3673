import type { Question } from "../../src/content/schema.ts";

/**
 * Probe answers written for the grader's own tests (not eval items): answers that only name the
 * right terms, strong answers in other words, and the manipulations the guards must cap.
 */
export const SHALLOW = {
  regularization: [
    "L1 and L2 are both regularisation. I'd use L1 or L2, and dropout for neural networks. Elastic net combines them.",
    "There is L1, which is Lasso, and L2, which is Ridge. Dropout is another one. You pick depending on the problem and tune lambda.",
  ],
  overfitting: [
    "Overfitting is a common problem. You detect it with validation and fix it with regularization, dropout and early stopping.",
    "Overfitting means high variance. Use cross-validation to check, then add L2 regularisation, dropout, more data or a simpler model.",
  ],
  "failed-project": [
    "We had a project that failed because of training-serving skew and data leakage. We fixed the pipeline and added monitoring. Now I always use a baseline and shadow mode.",
  ],
} as const;

export const PARAPHRASE = {
  regularization:
    "Both penalties are added to the loss to keep the model from getting too complex; you give up a bit of bias to cut variance, and I pick the strength by cross-validation. With the absolute-value penalty, the push on a coefficient stays the same size however small it gets, so lots of coefficients land on exactly zero and you end up with a sparse model that has effectively chosen its own features. The squared penalty pulls every coefficient towards zero in proportion to its size, so they get small but almost never hit zero, and when two inputs are correlated it shares the weight between them. Dropout is different: during training it switches off a random subset of neurons each step, so no unit can lean on a particular partner, which is a bit like averaging a huge ensemble of smaller networks; at inference everything is on and the outputs are rescaled. If I expect only a handful of inputs to matter I go with the absolute-value penalty; otherwise squared is my default, and for big neural nets I use dropout. I standardise inputs first so the penalty hits them evenly, and if I push any of this too hard the model underfits.",
  overfitting:
    "It's when a model has latched onto quirks of the particular sample it learned from rather than the real relationship, so it looks great on the examples it saw and disappoints on anything new. The telltale sign is the learning curves pulling apart: the loss on the training examples keeps dropping while the loss on my held-back examples bottoms out and starts climbing. I only trust that comparison because I keep a separate slice for tuning and a final slice I look at once. To deal with it, I'd first try to get more examples or augment the ones I have, then cut the model's capacity, add a penalty on large weights or randomly drop units during training, and stop training at the point where the held-back loss was lowest. Which of these I reach for depends on what is cheapest for the team.",
  "failed-project":
    "On a churn model I built, the offline numbers looked great, up several points of AUC, but when we tested it live against the existing rules there was no improvement in retention at all. Since it was my model, I dug in myself: I logged what the live service actually fed the model for a sample of customers and compared it with the training table, and I also broke the errors down by customer segment and by month. It turned out one feature was computed from a thirty-day window in the batch job but from a seven-day window online, and another used cancellations recorded after the prediction date, so the offline score was inflated. I moved both computations into one shared library used by training and serving, re-evaluated on a later time period, and the relaunch gave a small but real lift. Since then I check serving features against training features before launch and run new models silently alongside production before any A/B test.",
} as const;

export const GERMAN_OVERFITTING =
  "Overfitting bedeutet, dass das Modell die Trainingsdaten auswendig lernt, auch das Rauschen, und deshalb auf neuen Daten schlecht generalisiert. Man erkennt es an der Lücke zwischen Trainings- und Validierungsfehler: der Trainingsfehler sinkt weiter, während der Validierungsfehler wieder steigt. Dagegen helfen mehr Daten, ein einfacheres Modell, L2-Regularisierung, Dropout und Early Stopping.";

const fragment = (text: string) => text.split(/\s+/).slice(0, 4).join(" ");

/** The bank's own phrasings cut to four-word fragments, as a comma list. */
export const phraseList = (q: Question) => q.keyPoints.flatMap((k) => k.phrasings.map(fragment)).join(", ");

/** Phrasings and explains cut to fragments, padded with function words, as bullets. */
export const paddedBullets = (q: Question) =>
  q.keyPoints
    .flatMap((k) => [...k.phrasings, ...(k.explains ?? [])].map((t) => `- and the ${fragment(t)} of the`))
    .join("\n");

/**
 * Pieces of the key points' wording (phrasings, then each point's text) glued into one run-on
 * sentence with whatever joins them, so that no comma list or bullet shows.
 */
export function stitchedProse(q: Question): string {
  const glue = [" which means ", " and basically ", " together with ", " and that is why ", " plus "];
  const pieces = q.keyPoints.flatMap((k) => [k.phrasings[0], k.text.split(/\s+/).slice(0, 6).join(" ")]);
  return `Well, ${pieces
    .filter(Boolean)
    .map((p, i) => (i === 0 ? p : `${glue[i % glue.length]}${p}`))
    .join("")
    .replace(/[.;:]/g, "")}, I think.`;
}

/** Every key point's published text, recited as sentences. */
export const recited = (q: Question) => q.keyPoints.map((k) => k.text).join(" ");

/** Any text repeated up to the answer limit. */
export const repeatedTo = (text: string, chars: number) =>
  `${text} `.repeat(Math.ceil(chars / (text.length + 1))).slice(0, chars);

/** Varied small talk that says nothing about the question, about `chars` long. */
export function filler(chars: number): string {
  const lines = [
    "Thank you so much for the question, I really enjoy talking about this kind of thing with people.",
    "Before I get going I want to say how much I have enjoyed the conversation so far today.",
    "I have always believed that curiosity and a positive attitude matter more than anything else at work.",
    "My previous manager used to say that a good team is like a good family, and I still think about that.",
    "I like to start every morning with a coffee and a short walk, it helps me think clearly.",
    "People often tell me that I am easy to work with and that I bring energy to every meeting.",
    "I try to read a little every evening, mostly history and the odd novel, to keep my mind fresh.",
    "Honestly, it is a real privilege to be here and to meet everyone, so thank you again.",
  ];
  let out = "";
  for (let i = 0; out.length < chars; i++) out += `${lines[i % lines.length]} (${i + 1}) `;
  return out.slice(0, chars);
}

/**
 * Phrase lists in the candidate's own words, padded with articles and prepositions but with no
 * clause among them: each names things, none says anything about them. Keyed by shape.
 */
export const FUNCTION_WORD_LISTS = {
  comma: {
    id: "overfitting",
    answer:
      "the bias of the model, the variance on new data, a penalty on the weights, more training data, early stopping",
  },
  semicolon: {
    id: "overfitting",
    answer:
      "Key points: the gap between the training loss and the validation loss; a held-out test set for the final number; " +
      "a penalty on the size of the weights; dropout of random units during training; early stopping on the validation loss.",
  },
  bullets: {
    id: "class-imbalance",
    answer:
      "- a held-out set for the threshold\n- the cost of errors\n- drift over time\n- precision and recall on the rare class\n" +
      "- class weights in the loss",
  },
  lines: {
    id: "overfitting",
    answer:
      "Things I'd consider:\nthe noise in the training sample\nthe gap between train and validation error\n" +
      "a validation set for tuning\nweight decay on the large weights\nearly stopping at the best epoch",
  },
  mixed: {
    id: "overfitting",
    answer:
      "Overfitting is a problem of generalisation. Symptoms: a gap between the training and the validation loss, a rise " +
      "in the validation loss over the epochs, great accuracy on the training rows; remedies: a simpler model, a penalty " +
      "on the weights, dropout in the hidden layers, more data for training.",
  },
  runTogether: {
    id: "class-imbalance",
    answer:
      "So accuracy on the with the precision and recall on the rare class and also or resampling of the minority within " +
      "the for class weights in the loss and the threshold from the cost of the and also or a baseline for the, basically.",
  },
} as const;

/** Short answers in sentences, and bullets that are full explanatory clauses: not phrase lists. */
export const CLAUSE_ANSWERS = {
  sentence: {
    id: "overfitting",
    answer: "I would hold out the last month, because a random split leaks future data.",
  },
  short: {
    id: "class-imbalance",
    answer:
      "Accuracy hides the rare class, so I report precision and recall. I weight the loss by class, and I pick the " +
      "threshold from what a missed fraud costs against a false alarm.",
  },
  bullets: {
    id: "overfitting",
    answer:
      "- The model memorises noise in the training rows, so it does well there and badly on new data.\n" +
      "- I compare training and validation loss: when validation loss rises while training loss falls, it is overfitting.\n" +
      "- I keep a test set that I look at once, because tuning on it would inflate the number.\n" +
      "- L2 shrinks large weights and dropout stops units co-adapting, which both cut variance.",
  },
} as const;
