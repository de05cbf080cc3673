import { describe, expect, it } from "vitest";
import { readEventStream } from "../../src/web/api/sse.ts";
import { quoteRanges } from "../../src/web/components/feedback/Highlighted.tsx";
import { splitFences } from "../../src/web/lib/fences.ts";
import { match } from "../../src/web/lib/router.ts";

/** A streamed response whose body arrives in the given chunks, split wherever the test likes. */
function streamed(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

async function events(chunks: string[]) {
  const seen: [string, string][] = [];
  await readEventStream(streamed(chunks), (e, d) => seen.push([e, d]));
  return seen;
}

describe("the answer stream reader", () => {
  it("reads named events across arbitrary chunk boundaries", async () => {
    const seen = await events([
      'event: delta\ndata: {"text":"How would',
      ' you"}\n\nevent: del',
      'ta\ndata: {"text":" test it?"}\n\n: keep-alive\n\nevent: result\ndata: {"replayed":false}\n\n',
    ]);
    expect(seen).toEqual([
      ["delta", '{"text":"How would you"}'],
      ["delta", '{"text":" test it?"}'],
      ["result", '{"replayed":false}'],
    ]);
  });

  it("joins multi-line data, accepts CRLF and a final event without a blank line", async () => {
    expect(await events(['event: error\r\ndata: {"a":\r\ndata: 1}\r\n\r\n', "data: tail"])).toEqual([
      ["error", '{"a":\n1}'],
      ["message", "tail"],
    ]);
  });
});

describe("evidence highlighting", () => {
  it("finds quotes exactly or ignoring case, and merges overlaps with both labels", () => {
    const text = "We retrain weekly. We watch drift in the input features and alert on it.";
    const ranges = quoteRanges(text, [
      { quote: "watch drift in the input", label: "Production readiness" },
      { quote: "DRIFT IN THE INPUT FEATURES", label: "key point: drift" },
      { quote: "not in the answer", label: "ignored" },
    ]);
    expect(ranges).toEqual([{ start: 22, end: 55, labels: ["Production readiness", "key point: drift"], anchors: [] }]);
    expect(text.slice(22, 55)).toBe("watch drift in the input features");
  });
});

describe("client routes", () => {
  it("maps paths to pages and rejects malformed ids", () => {
    const id = "7b0f3c1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f";
    expect(match("/")).toEqual({ page: "start" });
    expect(match("/history/")).toEqual({ page: "history" });
    expect(match(`/interview/${id}`)).toEqual({ page: "interview", id });
    expect(match(`/feedback/${id}`)).toEqual({ page: "feedback", id });
    expect(match("/interview/123")).toEqual({ page: "not-found" });
  });
});

describe("fenced code in answers", () => {
  it("splits prose from fenced code, keeping offsets into the original text", () => {
    const text = "I would vectorise it:\n```python\ndef f(x):\n    return x * 2\n```\nThat avoids the loop.";
    const segs = splitFences(text);
    expect(segs.map((s) => [s.kind, s.lang, text.slice(s.start, s.end)])).toEqual([
      ["prose", "", "I would vectorise it:"],
      ["code", "python", "def f(x):\n    return x * 2"],
      ["prose", "", "That avoids the loop."],
    ]);
  });

  it("treats an unclosed fence as code to the end, and a coding answer without fences as code", () => {
    expect(splitFences("look:\n```\nx = 1").map((s) => s.kind)).toEqual(["prose", "code"]);
    expect(splitFences("x = np.zeros(3)", true)).toEqual([{ kind: "code", start: 0, end: 15, lang: "" }]);
    expect(splitFences("plain words")).toEqual([{ kind: "prose", start: 0, end: 11, lang: "" }]);
    expect(splitFences("")).toEqual([]);
  });
});
