// The Vercel entry: the whole Hono app as one function (vercel.json routes every path here), so
// /api/inngest, /health and the API share one deployment. Vercel requires Upstash and Inngest env.
import { functions } from "../functions/index.ts";
import { createRuntime } from "../lib/runtime/runtime.ts";
import { createApp } from "./app.ts";

const runtime = await createRuntime({ functions, startCrons: false });

/** Read by @vercel/node from the entry file (a `maxDuration` in vercel.json's `builds` is not). */
export const config = { maxDuration: 60 };

export default createApp(runtime);
