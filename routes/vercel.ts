// The Vercel entry: the whole Hono app as one function (vercel.json routes every path here), so
// /api/inngest, /health and the API share one deployment. Vercel requires Upstash and Inngest env.
import { functions } from "../functions/index.ts";
import { createRuntime } from "../lib/runtime/runtime.ts";
import { createApp } from "./app.ts";

const runtime = await createRuntime({ functions, startCrons: false });

export default createApp(runtime);
