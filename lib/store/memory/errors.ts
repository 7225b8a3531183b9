// Redis error replies of the embedded interpreter, worded exactly as redis-server words them.

/** A Redis error reply; the interpreter turns it into `{ error: message }`. */
export class CommandError extends Error {
  override name = "CommandError";
}

export const WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
export const NOT_INTEGER = "ERR value is not an integer or out of range";
export const NOT_FLOAT = "ERR value is not a valid float";
export const SYNTAX = "ERR syntax error";
export const OVERFLOW = "ERR increment or decrement would overflow";
export const MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
export const SCORE_NAN = "ERR resulting score is not a number (NaN)";
export const HASH_NOT_INTEGER = "ERR hash value is not an integer";
export const MUST_BE_POSITIVE = "ERR value is out of range, must be positive";
export const INVALID_CURSOR = "ERR invalid cursor";
export const EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

/** `ERR wrong number of arguments for 'get' command`. */
export function wrongArity(name: string): string {
  return `ERR wrong number of arguments for '${name}' command`;
}

/** `ERR invalid expire time in 'set' command`. */
export function invalidExpire(name: string): string {
  return `ERR invalid expire time in '${name}' command`;
}

/** Redis's text for an unknown command, quoting the first arguments (128 characters at most). */
export function unknownCommand(name: string, args: readonly string[]): string {
  let quoted = "";
  for (const arg of args) {
    if (quoted.length >= 128) break;
    quoted += `'${arg.slice(0, 128 - quoted.length)}' `;
  }
  const text = `ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${quoted}`;
  return text.replace(/[\r\n]/g, " ");
}
