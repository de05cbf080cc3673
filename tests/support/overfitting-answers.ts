/** Two answers to the bank's "overfitting" question: one that covers no key point, one in a candidate's own words that covers most. */
export const WEAK_OVERFITTING =
  "Overfitting is when the model is not good. I would try some things until it gets better.";

/** In a candidate's own words (a pasted model answer would be capped by the guards). */
export const STRONG_OVERFITTING =
  "Overfitting means the model learns the noise in the training sample, so it scores well on data it saw but badly " +
  "on data it has not seen. I would notice it because training loss keeps falling while validation loss rises. To " +
  "fix it I would add dropout or weight decay, get more data, and use early stopping on the validation loss.";
