// Redis glob patterns (KEYS, SCAN MATCH): *, ?, [abc], [^a], [a-z] and backslash escapes.

const cache = new Map<string, RegExp>();

function escapeRegex(char: string): string {
  return char.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

function escapeInClass(char: string): string {
  return char.replace(/[\\^\][-]/g, "\\$&");
}

function classToRegex(pattern: string, start: number): [source: string, next: number] {
  let i = start;
  let negate = false;
  if (pattern[i] === "^") {
    negate = true;
    i++;
  }
  const parts: string[] = [];
  while (i < pattern.length && pattern[i] !== "]") {
    const char = pattern[i] as string;
    if (char === "\\" && i + 1 < pattern.length) {
      parts.push(escapeInClass(pattern[i + 1] as string));
      i += 2;
    } else if (pattern[i + 1] === "-" && i + 2 < pattern.length && pattern[i + 2] !== "]") {
      const from = char;
      const to = pattern[i + 2] as string;
      const [low, high] = from <= to ? [from, to] : [to, from];
      parts.push(`${escapeInClass(low)}-${escapeInClass(high)}`);
      i += 3;
    } else {
      parts.push(escapeInClass(char));
      i++;
    }
  }
  const body = parts.join("");
  const source = body === "" ? (negate ? "[\\s\\S]" : "(?!)") : `[${negate ? "^" : ""}${body}]`;
  return [source, i + 1];
}

function compile(pattern: string): RegExp {
  let source = "";
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i] as string;
    if (char === "*") {
      source += "[\\s\\S]*";
      i++;
    } else if (char === "?") {
      source += "[\\s\\S]";
      i++;
    } else if (char === "[") {
      const [part, next] = classToRegex(pattern, i + 1);
      source += part;
      i = next;
    } else if (char === "\\" && i + 1 < pattern.length) {
      source += escapeRegex(pattern[i + 1] as string);
      i += 2;
    } else {
      source += escapeRegex(char);
      i++;
    }
  }
  return new RegExp(`^${source}$`, "u");
}

/** True when `text` matches the Redis glob `pattern`. */
export function globMatch(pattern: string, text: string): boolean {
  if (pattern === "*") return true;
  let regex = cache.get(pattern);
  if (regex === undefined) {
    regex = compile(pattern);
    if (cache.size > 256) cache.clear();
    cache.set(pattern, regex);
  }
  return regex.test(text);
}
