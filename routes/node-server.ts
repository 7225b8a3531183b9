// The app on Node's HTTP server, as `npm start` serves it. The server itself sets the secure
// headers (safety layer 3, the values of Hono's secureHeaders) and `Vary: Origin` on every
// response, before Hono runs, instead of the app's middleware setting them on each finished
// response: that made Hono build a web Headers object for every answer (about 35 µs of CPU per
// request at 1,000 requests/s). A route that sets one of them itself wins (Node gives the
// headers a response is written with precedence). Elsewhere (Vercel, tests calling app.request)
// the app's middleware sets the secure headers, and `Vary: Origin` on /api/*.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Runtime } from "../lib/runtime/runtime.ts";
import { createApp } from "./app.ts";

/** Hono's secureHeaders defaults, as the server sets them (test/routes/node-server.test.ts). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Origin-Agent-Cluster": "?1",
  "Referrer-Policy": "no-referrer",
  "Strict-Transport-Security": "max-age=15552000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
  "X-DNS-Prefetch-Control": "off",
  "X-Download-Options": "noopen",
  "X-Frame-Options": "SAMEORIGIN",
  "X-Permitted-Cross-Domain-Policies": "none",
  "X-XSS-Protection": "0",
});

const secure = Object.entries(SECURITY_HEADERS);

function setHeaders(response: ServerResponse): void {
  for (const [name, value] of secure) response.setHeader(name, value);
  // CORS answers on /api/* depend on the request's Origin (routes/cors.ts). Every answer says so:
  // which targets reach /api is Hono's to decide ("/x/../api", "/%61pi" do), not this server's.
  response.setHeader("Vary", "Origin");
}

/**
 * Serves `runtime`'s app on `port` and `hostname`; `listening` is told the address once it
 * listens. Returns the server (errors such as EADDRINUSE come as its "error" events).
 */
export function serveApp(
  runtime: Runtime,
  listen: { port: number; hostname?: string },
  listening?: (address: AddressInfo) => void,
): Server {
  const app = createApp(runtime, { headersSetByServer: true });
  const handle = getRequestListener(app.fetch, { hostname: listen.hostname });
  const server = createServer((request, response) => {
    setHeaders(response);
    return handle(request, response);
  });
  server.listen(listen.port, listen.hostname, () => {
    listening?.(server.address() as AddressInfo);
  });
  return server;
}
