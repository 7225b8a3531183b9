// Keeps API keys out of every error text: known keys are masked wherever they appear, and any
// `api_key=` / `apikey=` / `key=` query value is stripped from URLs a message mentions.

const MASK = "***";
const KEY_PARAM = /([?&](?:api_?key|key|token|access_token)=)[^&#\s"']*/gi;

/** `text` with every secret (and every key-like query parameter value) replaced by a mask. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(KEY_PARAM, `$1${MASK}`);
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(MASK);
  }
  return out;
}
