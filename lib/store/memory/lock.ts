// Single-writer guard for an embedded store directory: a LOCK file holding the owner's pid.
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";

const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/**
 * A process that has exited but is not reaped yet (its parent was killed with it, as `timeout -s
 * KILL` is): it answers signals but holds no files. Told by /proc where there is one.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

/**
 * Takes the directory's lock, or throws when another live process (or this one) has it open.
 * A lock left by a dead process is taken over. Returns the function that releases it.
 */
/** The embedded store's directory is held by another live process. */
export class StoreInUseError extends Error {
  override name = "StoreInUseError";
  readonly pid: number;
  constructor(dir: string, pid: number, lockPath: string) {
    super(
      `embedded store ${dir} is in use by process ${pid} (delete ${lockPath} if that is wrong)`,
    );
    this.pid = pid;
  }
}

export function acquireLock(dir: string): () => void {
  const absolute = resolve(dir);
  const path = join(absolute, "LOCK");
  if (heldHere.has(absolute))
    throw new Error(`embedded store ${dir} is already open in this process`);
  try {
    const fd = openSync(path, "wx");
    writeSync(fd, String(process.pid));
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const owner = Number.parseInt(readFileSync(path, "utf8"), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new StoreInUseError(dir, owner, path);
    }
    writeFileSync(path, String(process.pid));
  }
  heldHere.add(absolute);
  return () => {
    heldHere.delete(absolute);
    rmSync(path, { force: true });
  };
}
