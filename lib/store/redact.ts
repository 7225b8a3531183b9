// Secret hygiene for the store: URLs and error texts are shown without passwords or tokens.

/**
 * The URL with its password replaced by "***", safe to log; a lone username (`redis://secret@host`)
 * is treated as the password. Unparsable input gives "<invalid url>".
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "<invalid url>";
  }
  if (parsed.password !== "") parsed.password = "***";
  else if (parsed.username !== "") parsed.username = "***";
  if (parsed.search !== "") parsed.search = "?***";
  return parsed.toString();
}

/** The secret parts of a URL (password, or a lone username), raw and percent-decoded. */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const secret = parsed.password !== "" ? parsed.password : parsed.username;
  return secret === "" ? [] : [secret, safeDecode(secret)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Replaces every occurrence of each non-empty secret in the text with "***". */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join("***");
  }
  return out;
}
