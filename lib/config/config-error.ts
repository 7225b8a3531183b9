// The error raised when configuration (config/*.json or the environment) is wrong: it lists every
// problem with the key path that holds it and what was expected.

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(source: string, problems: string[]) {
    super(`${source} is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Formats a key path as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out || "(root)";
}

/** One line per zod issue: `<prefix><key path>: <what was expected>`. */
export function describeIssues(
  prefix: string,
  error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> },
): string[] {
  return error.issues.map((issue) => `${prefix}${formatPath(issue.path)}: ${issue.message}`);
}
