import type http from 'node:http';

/** Writes SSE events in order; after `cutAfter` events the connection is destroyed mid-stream. */
export function sseWriter(res: http.ServerResponse, cutAfter?: number) {
  let sent = 0;
  let cut = false;
  const write = (s: string) =>
    new Promise<void>((resolve) => {
      if (cut) return resolve();
      if (cutAfter !== undefined && sent >= cutAfter) {
        cut = true;
        // A dropped connection, as a proxy or a crashed server leaves it: no final event, no [DONE].
        res.socket?.destroy();
        return resolve();
      }
      sent++;
      res.write(s, () => resolve());
    });
  return {
    /** `data:` only (OpenAI chat completions). */
    data: (payload: unknown) => write(`data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`),
    /** `event:` + `data:` (Anthropic Messages, OpenAI Responses). */
    event: (name: string, payload: object) => write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`),
    get cut() {
      return cut;
    },
  };
}

export function splitInto(s: string, parts: number): string[] {
  if (!s) return [];
  const size = Math.max(1, Math.ceil(s.length / parts));
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}
