// The Vercel entry: the whole Hono app as one function (vercel.json routes every path here), so
// /api/inngest, /health and the API share one deployment. Vercel requires Upstash and Inngest env.
// The runtime is built on the first request; a store that cannot be reached then answers 503
// store_unavailable and the next request tries again, instead of failing the function for good.
import { Hono } from "hono";
import { functions } from "../functions/index.ts";
import { createRuntime } from "../lib/runtime/runtime.ts";
import { STORE_RETRY_AFTER, StoreUnavailableError } from "../lib/store/index.ts";
import { createApp } from "./app.ts";

/** Read by @vercel/node from the entry file (a `maxDuration` in vercel.json's `builds` is not). */
export const config = { maxDuration: 60 };

type App = ReturnType<typeof createApp>;
let app: Promise<App> | undefined;

function appOnce(): Promise<App> {
  app ??= createRuntime({ functions, startCrons: false })
    .then(createApp)
    .catch((error: unknown) => {
      app = undefined;
      throw error;
    });
  return app;
}

export default new Hono().all("*", async (c) => {
  try {
    return await (await appOnce()).fetch(c.req.raw, c.env);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    return c.json({ error: "store_unavailable", detail: error.message }, 503, STORE_RETRY_AFTER);
  }
});
