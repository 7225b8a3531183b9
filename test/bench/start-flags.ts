// The Node flags `npm start` serves the app with (package.json's `start` script), so that a
// benchmark's own process runs the app as production does: the V8 helper threads and the heap's
// growth it is tuned with change both latency and peak memory.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function startFlags(): string[] {
  const manifest = JSON.parse(
    readFileSync(join(import.meta.dirname, "../../package.json"), "utf8"),
  ) as { scripts: { start: string } };
  return manifest.scripts.start.split(/\s+/).filter((word) => word.startsWith("--"));
}
