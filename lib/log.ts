// The app's logger: levelled, one line per entry, and every known secret value masked before
// anything is written (logs, errors and alerts must never carry a secret).
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = {
  debug: (...args: unknown[]) => void;
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
};

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const MASK = "[redacted]";

/** Env variables whose values are secrets, wherever they appear. */
export const SECRET_ENV_KEYS = [
  "DASHBOARD_AUTH_TOKEN",
  "INNGEST_SIGNING_KEY",
  "INNGEST_SIGNING_KEY_FALLBACK",
  "INNGEST_EVENT_KEY",
  "UPSTASH_REDIS_REST_TOKEN",
  "SLACK_WEBHOOK_URL",
  "APOLLO_API_KEY",
  "BETTERCONTACT_API_KEY",
  "ZEROBOUNCE_API_KEY",
  "INSTANTLY_API_KEY",
  "HEYREACH_API_KEY",
  "GHL_API_TOKEN",
  "INSTANTLY_WEBHOOK_SECRET",
  "HEYREACH_WEBHOOK_SECRET",
  "RB2B_WEBHOOK_SECRET",
] as const;

/** The secret values present in an environment, plus the password of REDIS_URL if it has one. */
export function secretsOf(env: Record<string, unknown>): string[] {
  const secrets = SECRET_ENV_KEYS.map((key) => env[key]).filter(
    (v): v is string => typeof v === "string" && v.length >= 4,
  );
  const redisUrl = env.REDIS_URL;
  if (typeof redisUrl === "string") {
    try {
      const password = decodeURIComponent(new URL(redisUrl).password);
      if (password.length >= 4) secrets.push(password);
    } catch {
      // not a URL: nothing to mask
    }
  }
  return secrets;
}

/** Replaces every occurrence of each secret in `text` with a mask. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out;
}

function render(arg: unknown): string {
  if (typeof arg === "string") return arg;
  if (arg instanceof Error) return arg.stack ?? `${arg.name}: ${arg.message}`;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

/** A logger writing to `sink` (stderr for warnings and errors by default), masking `secrets`. */
export function createLogger(options: {
  level?: LogLevel;
  secrets?: readonly string[];
  sink?: (level: LogLevel, line: string) => void;
}): Logger {
  const threshold = ORDER[options.level ?? "info"];
  const secrets = options.secrets ?? [];
  const sink =
    options.sink ??
    ((level: LogLevel, line: string) =>
      (level === "warn" || level === "error" ? process.stderr : process.stdout).write(`${line}\n`));
  const at =
    (level: LogLevel) =>
    (...args: unknown[]) => {
      if (ORDER[level] < threshold) return;
      const line = `${new Date().toISOString()} ${level.toUpperCase()} ${args.map(render).join(" ")}`;
      sink(level, redact(line, secrets));
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
