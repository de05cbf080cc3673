import { describe, expect, it } from "vitest";
import { LlmFailure } from "../../src/llm/errors.ts";
import { FollowupStreamParser, ngrams } from "../../src/llm/followup-stream.ts";

const secret = "the gap between training and serving features is the usual reason a model decays";
const parser = (validate = () => {}) => new FollowupStreamParser(validate, ngrams(secret));

/** Feeds text in small chunks and collects what the parser lets through. */
function feed(p: FollowupStreamParser, text: string, size = 5) {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(p.push(text.slice(i, i + size)));
  return out.filter(Boolean);
}

const head = '{"action":"follow-up","keyPointId":"skew","competencyId":null,"reason":"gap"}';

describe("follow-up stream parser", () => {
  it("reads the decision line, then releases the question a few words behind the stream", () => {
    const p = parser();
    const question = "What would you compare first if the offline and online numbers disagree so much?";
    const pieces = feed(p, `${head}\n${question}`);
    expect(p.header).toMatchObject({ action: "follow-up", keyPointId: "skew" });
    expect(pieces.length).toBeGreaterThan(1);
    const end = p.end();
    expect(pieces.join("") + end.rest).toBe(question);
    expect(end.text).toBe(question);
  });

  it("tolerates code fences and quotes around the parts", () => {
    const p = parser();
    feed(p, '```json\n{"action":"follow-up","keyPointId":"skew"}\n```\n"How would you check that?"\n```');
    expect(p.end().text).toBe("How would you check that?");
  });

  it("moves on without text", () => {
    const p = parser();
    expect(feed(p, '{"action":"move-on","reason":"strong answer"}\nignored text here')).toEqual([]);
    expect(p.end()).toMatchObject({ header: { action: "move-on" }, text: "" });
  });

  it("stops before a copied passage reaches the candidate", () => {
    const p = parser();
    let shown = "";
    const attempt = () => {
      for (const piece of `${head}\nConsider that ${secret}. Agree?`.match(/.{1,4}/gs) ?? []) shown += p.push(piece);
    };
    expect(attempt).toThrow(/repeated the model answer/);
    for (const gram of ngrams(shown)) expect(ngrams(secret).has(gram)).toBe(false);
  });

  it("rejects a reply that does not start with a decision, or a decision the caller finds invalid", () => {
    expect(() => parser().push("Sure! Here is my follow-up question.")).toThrow(LlmFailure);
    const strict = parser(() => {
      throw new LlmFailure("malformed", "malformed output: unknown key point");
    });
    expect(() => feed(strict, `${head}\nText`)).toThrow(/unknown key point/);
    const empty = parser();
    feed(empty, head);
    expect(() => empty.end()).toThrow(/no question text/);
  });
});
