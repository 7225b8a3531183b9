// Raw deflate with a preset dictionary, one zlib handle per direction kept and reset between
// values. `inflateRawSync`/`deflateRawSync` build a stream object and a native handle per call
// and load the 32 KiB dictionary into it: ~44 µs to expand a 300-byte card head, against ~7 µs
// on a kept handle (and much less garbage) — the largest single cost of an approval decided from
// its head. The kept handle is Node's own (the stream's `_handle`, driven with `writeSync` and
// `reset` as zlib.js drives it); where it is not there as expected, or a value does not fit its
// output buffer, or zlib reports an error, the value goes through the one-shot functions instead,
// so results and errors are theirs either way.
import { constants, DeflateRaw, deflateRawSync, InflateRaw, inflateRawSync } from "node:zlib";

/** What zlib.js's stream keeps: the native handle and where it writes what is left over. */
type NativeHandle = {
  writeSync(
    flush: number,
    input: Buffer,
    inOffset: number,
    inLength: number,
    output: Buffer,
    outOffset: number,
    outLength: number,
  ): void;
  reset(): void;
  close(): void;
  onerror: (message: string, errno: number) => void;
};

/** Output room of a kept handle; a value that needs more is made by the one-shot function. */
const OUTPUT_BYTES = 256 * 1024;

/** A native handle made by a zlib stream, taken over; null where Node's internals differ. */
function takeHandle(stream: InflateRaw | DeflateRaw) {
  const internals = stream as unknown as { _handle?: NativeHandle; _writeState?: unknown };
  const handle = internals._handle;
  const state = internals._writeState;
  if (
    typeof handle?.writeSync !== "function" ||
    typeof handle.reset !== "function" ||
    !(state instanceof Uint32Array) ||
    state.length < 2
  ) {
    return null;
  }
  return { handle, state };
}

type Kept = NonNullable<ReturnType<typeof takeHandle>> & { failed: boolean };

/**
 * Runs `input` through a kept handle with Z_FINISH; the output's length, or null when the value
 * must go through the one-shot function (no handle, an error, output larger than the buffer).
 * The handle is reset for the next value, or dropped after an error.
 */
function runKept(kept: Kept, input: Buffer, output: Buffer): number | null {
  kept.failed = false;
  kept.handle.writeSync(constants.Z_FINISH, input, 0, input.length, output, 0, output.length);
  const [availOut = 0, availIn = 0] = kept.state;
  if (kept.failed || availOut === 0 || availIn !== 0) return null;
  kept.handle.reset();
  return output.length - availOut;
}

/** A codec for one dictionary: `inflate` gives the text, `deflate` the compressed bytes. */
export function createRawCodec(dictionary: Buffer) {
  let output: Buffer | undefined;
  const kept: { inflate?: Kept | null; deflate?: Kept | null } = {};

  const keep = (stream: InflateRaw | DeflateRaw): Kept | null => {
    const taken = takeHandle(stream);
    if (!taken) return null;
    const own: Kept = { ...taken, failed: false };
    // An error is noted here rather than destroying the stream (zlib.js's handler).
    taken.handle.onerror = () => {
      own.failed = true;
    };
    return own;
  };

  /** Runs a value through the direction's kept handle; null when it has none or gave up. */
  const through = (direction: "inflate" | "deflate", input: Buffer): Buffer | null => {
    let handle = kept[direction];
    if (handle === undefined) {
      const stream =
        direction === "inflate" ? new InflateRaw({ dictionary }) : new DeflateRaw({ dictionary });
      handle = kept[direction] = keep(stream);
    }
    if (!handle) return null;
    output ??= Buffer.allocUnsafe(OUTPUT_BYTES);
    let length: number | null;
    try {
      length = runKept(handle, input, output);
    } catch {
      length = null;
    }
    if (length === null) {
      // The next value gets a fresh handle: this one may be mid-stream or in error.
      kept[direction] = undefined;
      try {
        handle.handle.close();
      } catch {
        // Already closed.
      }
      return null;
    }
    return output.subarray(0, length);
  };

  return {
    /** Whether each direction holds a kept handle now (none before its first value). */
    kept: () => ({ inflate: Boolean(kept.inflate), deflate: Boolean(kept.deflate) }),
    /** The text a compressed value expands to; throws zlib's error for data that does not. */
    inflate(packed: Buffer): string {
      const out = through("inflate", packed);
      return (out ?? inflateRawSync(packed, { dictionary })).toString("utf8");
    },
    /** The compressed form of `text`, base64. */
    deflate(text: string): string {
      const input = Buffer.from(text, "utf8");
      const out = through("deflate", input);
      return (out ?? deflateRawSync(input, { dictionary })).toString("base64");
    },
  };
}
