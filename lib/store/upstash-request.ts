// Decoding of the requests @upstash/redis sends to a Requester, shared by the TCP and embedded transports.
import { errors, type UpstashRequest } from "@upstash/redis";

/** A Redis command as the wire sees it: the name first, then its arguments, all strings. */
export type Argv = string[];

/** What a Requester is asked to do: one command, a pipeline, or a MULTI/EXEC transaction. */
export type DecodedRequest =
  | { kind: "single"; argv: Argv }
  | { kind: "pipeline"; commands: Argv[] }
  | { kind: "multi"; commands: Argv[] };

/** One entry of an Upstash REST reply: a result or a Redis error text. */
export type UpstashEntry = { result: unknown } | { error: string };

function toArgv(value: unknown, where: string): Argv {
  if (!Array.isArray(value) || value.length === 0) {
    throw new errors.UpstashError(`${where} must be a non-empty array of arguments`);
  }
  return value.map((arg) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new errors.UpstashError(`${where} holds an argument that is not a string or number`);
  });
}

function toCommandList(value: unknown): Argv[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new errors.UpstashError("a pipeline body must be a non-empty array of commands");
  }
  return value.map((command, index) => toArgv(command, `pipeline command ${index + 1}`));
}

/**
 * Reads a request the way Upstash REST does: no path is one command, `["pipeline"]` and
 * `["multi-exec"]` carry an array of commands. Anything else is refused with an UpstashError.
 */
export function decodeRequest(req: UpstashRequest): DecodedRequest {
  if (req.isStreaming) {
    throw new errors.UpstashError("streaming commands are not supported by this transport");
  }
  const path = req.path ?? [];
  if (path.length === 0) return { kind: "single", argv: toArgv(req.body, "a command") };
  if (path.length === 1 && path[0] === "pipeline") {
    return { kind: "pipeline", commands: toCommandList(req.body) };
  }
  if (path.length === 1 && path[0] === "multi-exec") {
    return { kind: "multi", commands: toCommandList(req.body) };
  }
  throw new errors.UpstashError(`unsupported request path /${path.join("/")}`);
}

/**
 * The error @upstash/redis's HTTP client raises when Upstash refuses a whole request
 * (HTTP 400), e.g. a transaction discarded with EXECABORT.
 */
export function requestRejected(message: string, body: unknown): Error {
  return new errors.UpstashError(`${message}, command was: ${JSON.stringify(body)}`);
}
