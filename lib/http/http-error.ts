// The error a route throws for a client-facing failure: it carries the status, a short machine code
// and a human detail, and app.onError turns it into JSON `{ error, detail }`.
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class HttpError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly detail: string;
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    detail: string,
    extra?: Record<string, unknown>,
  ) {
    super(`${code}: ${detail}`);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.extra = extra;
  }
}

export const badRequest = (detail: string, extra?: Record<string, unknown>) =>
  new HttpError(400, "invalid_request", detail, extra);
export const notFound = (detail: string) => new HttpError(404, "not_found", detail);
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new HttpError(409, "conflict", detail, extra);
