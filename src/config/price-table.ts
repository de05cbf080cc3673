import { z } from "zod";

/** US dollars per million tokens. */
export const ModelPrice = z.strictObject({
  input: z.number().min(0),
  output: z.number().min(0),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

export const PriceTable = z.record(z.string().min(1), ModelPrice);
export type PriceTable = z.infer<typeof PriceTable>;

/** LLM_PRICES as it arrives in the environment: a JSON object, validated after parsing. */
export const PriceTableJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'must be JSON like {"gpt-4o-mini":{"input":0.15,"output":0.6}}' });
      return z.NEVER;
    }
  })
  .pipe(PriceTable);
