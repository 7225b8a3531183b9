// Helpers for the provider tests: an msw server that refuses unhandled requests, catching a
// rejection as a value, and checking that no error text leaks an API key.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

/** An msw server for one test file: listens before, resets after each test, closes after all. */
export function useMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(Error);
  return outcome.error as Error;
}

/** Asserts the key appears nowhere in the error: message, stack, cause, or own properties. */
export function expectNoKey(error: Error, key: string): void {
  const seen = [
    error.message,
    error.stack ?? "",
    String(error.cause ?? ""),
    JSON.stringify(error, Object.getOwnPropertyNames(error)),
  ].join("\n");
  expect(seen).not.toContain(key);
}
