// Turns a zod failure into one readable line naming the field: "matches[3].organization.
// estimated_num_employees: expected number, got string".
import type { z } from "zod";

/** `a.b[3].c` for a zod issue path, prefixed by `root` (which may be empty). */
export function formatPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** The first issue as `path: problem`, with "(and N more)" when there are others. */
export function describeIssue(error: z.ZodError, root = ""): string {
  const [issue, ...rest] = error.issues;
  if (!issue) return root ? `${root}: invalid` : "invalid";
  const problem = issue.message.replace(/^Invalid input: /, "").replace(", received ", ", got ");
  const where = formatPath(issue.path, root);
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : "";
  return `${where || "(body)"}: ${problem}${more}`;
}
