import type { TestApp } from "./app.ts";

export interface SseEvent {
  event: string;
  data: unknown;
  at: number;
}

/** Reads a Server-Sent Events body as it arrives, timestamping each event. */
export async function readEvents(res: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf("\n\n");
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = [...block.matchAll(/^data: (.*)$/gm)].map((m) => m[1]).join("\n");
      events.push({ event, data: JSON.parse(data), at: performance.now() });
      cut = buffer.indexOf("\n\n");
    }
  }
  return events;
}

export const answerStreaming = (app: TestApp, token: string, sessionId: string, turnId: string, text: string) =>
  app.request(`/api/sessions/${sessionId}/answers`, {
    method: "POST",
    token,
    headers: { accept: "text/event-stream" },
    json: { turnId, text },
  });
