import type { ModelPrice, PriceTable } from "../config/price-table.ts";

/**
 * List prices at the time of writing, for an estimate only; LLM_PRICES overrides or extends
 * them. Local models are absent on purpose: their cost is unknown rather than zero.
 */
export const DEFAULT_PRICES: PriceTable = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
};

export class Prices {
  private readonly table: PriceTable;

  constructor(overrides: PriceTable = {}) {
    this.table = { ...DEFAULT_PRICES, ...overrides };
  }

  priceOf(model: string): ModelPrice | null {
    if (this.table[model]) return this.table[model] ?? null;
    // Dated snapshots ("gpt-4o-mini-2024-07-18") cost what their family costs.
    const family = Object.keys(this.table)
      .filter((m) => model.startsWith(`${m}-`))
      .sort((a, b) => b.length - a.length)[0];
    return family ? (this.table[family] ?? null) : null;
  }

  /** Estimated cost in USD, or null when the model has no price. */
  costOf(model: string, inputTokens: number, outputTokens: number): number | null {
    const p = this.priceOf(model);
    if (!p) return null;
    return (inputTokens * p.input + outputTokens * p.output) / 1_000_000;
  }
}
