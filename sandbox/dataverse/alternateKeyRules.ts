/**
 * Alternate-key values Dataverse cannot address. Microsoft, "Define alternate keys to reference rows"
 * (https://learn.microsoft.com/power-apps/maker/data-platform/define-alternate-keys-portal), and "Use an alternate
 * key to reference a record" (https://learn.microsoft.com/power-apps/developer/data-platform/use-alternate-key-reference-record):
 * when a key column's value contains one of / < > * % & : \ ? the retrieve (GET) and update/upsert (PATCH) of the
 * row by that key do not work — the URL segment carrying the value is refused before the key is looked up, whether
 * the character is written as is or percent-encoded. The row itself can be created and found with $filter.
 */
import { Codes, DataverseError } from './errors';

export const FORBIDDEN_KEY_CHARACTERS = ['/', '<', '>', '*', '%', '&', ':', '\\', '?'] as const;

/** The first forbidden character in a key value, or null. */
export function forbiddenKeyCharacter(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return FORBIDDEN_KEY_CHARACTERS.find((c) => value.includes(c)) ?? null;
}

/** Throws Dataverse's 400 when any alternate-key value in a URL holds a character the key syntax cannot carry. */
export function assertAddressableKey(table: string, values: Record<string, unknown>): void {
  for (const [column, value] of Object.entries(values)) {
    const ch = forbiddenKeyCharacter(value);
    if (ch)
      throw new DataverseError(
        400,
        Codes.odataQuery,
        `Bad Request - Error in query syntax. The value of alternate key column '${column}' of '${table}' contains '${ch}'; values with / < > * % & : \\ ? cannot address a row by key. Use $filter instead.`,
      );
  }
}
