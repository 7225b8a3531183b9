// `npm run smoke:auth -- --base-url URL --token TOKEN`: checks that every /api route of a running
// app refuses no token and a wrong token (401) and accepts the right one. Exits non-zero on any
// failure. Authorised calls are harmless: unknown ids and refused bodies, nothing is changed.
import { parseArgs } from "node:util";
import { API_ROUTES, type TApiRoute } from "../http/api-routes.ts";

const USAGE = "usage: npm run smoke:auth -- --base-url <URL> --token <DASHBOARD_AUTH_TOKEN>";

type TCheck = {
  route: TApiRoute;
  as: "no token" | "wrong token" | "right token";
  status: number;
  ok: boolean;
};

async function call(base: URL, route: TApiRoute, token: string | null): Promise<number> {
  const res = await fetch(new URL(route.path, base), {
    method: route.method,
    headers: {
      "content-type": "application/json",
      ...(token !== null && { authorization: `Bearer ${token}` }),
    },
    ...(route.body !== undefined && { body: JSON.stringify(route.body) }),
    redirect: "manual",
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer();
  return res.status;
}

export async function smokeAuth(baseUrl: string, token: string): Promise<TCheck[]> {
  const base = new URL(baseUrl);
  const wrong = `${token.slice(0, -1)}${token.endsWith("x") ? "y" : "x"}`;
  const checks: TCheck[] = [];
  for (const route of API_ROUTES) {
    const none = await call(base, route, null);
    checks.push({ route, as: "no token", status: none, ok: none === 401 });
    const bad = await call(base, route, wrong);
    // 429: the app limits failed checks per client; it still refused the wrong token.
    checks.push({ route, as: "wrong token", status: bad, ok: bad === 401 || bad === 429 });
    const good = await call(base, route, token);
    checks.push({
      route,
      as: "right token",
      status: good,
      // The right token is never rate-limited: a 429 means this is not the app's token.
      ok: good !== 401 && good !== 403 && good !== 429 && good < 500,
    });
  }
  return checks;
}

async function main(): Promise<void> {
  let values: { "base-url"?: string; token?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { "base-url": { type: "string" }, token: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const baseUrl = values["base-url"];
  const token = values.token ?? process.env.DASHBOARD_AUTH_TOKEN;
  if (!baseUrl || !URL.canParse(baseUrl)) {
    process.stderr.write(`--base-url: expected a URL such as http://localhost:3000\n${USAGE}\n`);
    process.exit(2);
  }
  if (!token) {
    process.stderr.write(
      `--token: expected the dashboard token (or DASHBOARD_AUTH_TOKEN)\n${USAGE}\n`,
    );
    process.exit(2);
  }
  let checks: TCheck[];
  try {
    checks = await smokeAuth(baseUrl, token);
  } catch (error) {
    process.stderr.write(`Cannot reach ${baseUrl}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  for (const c of checks) {
    const line = `${c.ok ? "PASS" : "FAIL"}  ${c.route.method.padEnd(5)} ${c.route.path.padEnd(48)} ${c.as.padEnd(11)} → ${c.status}`;
    process.stdout.write(`${line}\n`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  process.stdout.write(`\n${checks.length - failed} passed, ${failed} failed\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

if (import.meta.main) await main();
