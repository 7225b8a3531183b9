// The HttpError a call is expected to be refused with (the test fails if the call succeeds).
import type { HttpError } from "../../lib/http/http-error.ts";

export const refusal = (promise: Promise<unknown>): Promise<HttpError> =>
  promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => error as HttpError,
  );
