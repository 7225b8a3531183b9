// What the msw provider handlers saw: each request's method, URL, headers and JSON body, so tests
// can assert on what a client sent (auth header, body shape) as well as on what it made of answers.

export type RecordedRequest = {
  method: string;
  url: URL;
  headers: Headers;
  /** The parsed JSON body; undefined for bodiless requests, the raw text when not JSON. */
  body: unknown;
};

/** Reads a copy of the request (leaving the original readable) into a RecordedRequest. */
export async function record(request: Request): Promise<RecordedRequest> {
  const text = await request.clone().text();
  let body: unknown;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { method: request.method, url: new URL(request.url), headers: request.headers, body };
}

/** Whether `value` (a parsed body) contains `key` at any depth. */
export function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((item) => containsKey(item, key));
  if (typeof value !== "object" || value === null) return false;
  return Object.entries(value).some(([name, nested]) => name === key || containsKey(nested, key));
}
