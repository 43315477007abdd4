/**
 * Redaction of credentials written inside URLs: `https://user:password@host/…` and query parameters that carry a
 * secret (`?code=` of a Dataverse webhook key, `sig=` of a SAS URL, `access_token=`, `client_secret=`…). Used on
 * every log line (log.ts) and on what `connector -- check` prints, next to the redaction of known secret values: a
 * credential typed into a URL setting is not a value the config knows as a secret.
 */

/** Query parameters whose value is a credential, by name (case-insensitive). */
const SECRET_PARAMS = /^(code|sig|signature|token|access_token|id_token|refresh_token|client_secret|secret|password|pwd|apikey|api_key|key|x-erp-link-key|clientstate)$/i;

const MASK = '[redacted]';

/** `scheme://user:pass@host` → `scheme://[redacted]@host`; a bare `user@host` (no password) is kept. */
function redactUserInfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@?#]*:[^\s/@?#]*)@/gi, `$1${MASK}@`);
}

/** `name=value` pairs after `?` or `&` (a URL query or a form body) whose name says credential. */
function redactParams(text: string): string {
  return text.replace(/([?&])([^=&\s#"']+)=([^&\s#"']*)/g, (all, sep: string, name: string, value: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      /* keep the raw name */
    }
    return SECRET_PARAMS.test(decoded) && value !== '' ? `${sep}${name}=${MASK}` : all;
  });
}

/** Every URL credential in a free text (a log message, an error, a config problem) masked. */
export function redactUrlCredentials(text: string): string {
  if (!text || (!text.includes('@') && !text.includes('='))) return text;
  return redactParams(redactUserInfo(text));
}
