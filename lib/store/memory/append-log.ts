// Reader of the old embedded store's append-only log (log.jsonl): one numbered JSON line per write
// or MULTI/EXEC block. Only the one-time import of an old data directory uses it.
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import type { Argv } from "../upstash-request.ts";

/** One logged unit: its sequence number, the time it ran at, and the commands that wrote. */
export type LogEntry = { seq: number; time: number; commands: Argv[] };

const ZLogLine = z.object({
  seq: z.number().int().positive(),
  t: z.number(),
  cmds: z.array(z.array(z.string()).min(1)).min(1),
});

/** What was read back: the complete entries and where the complete part of the file ends. */
export type LogContents = { entries: LogEntry[]; completeBytes: number; tornBytes: number };

/**
 * Reads the log. Only newline-terminated lines count: a last line without its newline is a write
 * cut short by a crash and is reported as `tornBytes`, never parsed. A complete line that is
 * not a valid entry, or sequence numbers that do not increase, mean real corruption and throw.
 */
export function readLog(path: string): LogContents {
  if (!existsSync(path)) return { entries: [], completeBytes: 0, tornBytes: 0 };
  const bytes = readFileSync(path);
  const completeBytes = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, completeBytes).toString("utf8").split("\n");
  const entries: LogEntry[] = [];
  let previous = 0;
  for (const [index, line] of lines.entries()) {
    if (line === "") continue;
    let parsed: z.infer<typeof ZLogLine>;
    try {
      parsed = ZLogLine.parse(JSON.parse(line));
    } catch {
      throw new Error(`store log ${path} is corrupt at line ${index + 1}`);
    }
    if (parsed.seq <= previous) {
      throw new Error(`store log ${path} goes back in sequence at line ${index + 1}`);
    }
    previous = parsed.seq;
    entries.push({ seq: parsed.seq, time: parsed.t, commands: parsed.cmds });
  }
  return { entries, completeBytes, tornBytes: bytes.length - completeBytes };
}
