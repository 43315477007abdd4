/**
 * "This row already exists": the one rule every part uses to tell a duplicate create from any other failure.
 * Dataverse answers a create whose primary key or alternate key values are taken with HTTP 412 and
 * 0x80040237 DuplicateRecord ("A record with matching key values already exists") or 0x80060892
 * DuplicateRecordEntityKey (Microsoft Learn, "Web service error codes"; "Define alternate keys to reference rows").
 * A 412 with another code is something else, above all 0x80060882 ConcurrencyVersionMismatch (an If-Match that
 * lost a race), and must not be taken for a duplicate: retrying that write is right, skipping it is not.
 * Xrm.WebApi in the browser reports the same codes as signed 32-bit numbers (-2147220937, -2147088238).
 */

export const DUPLICATE_KEY_CODES: readonly number[] = [0x80040237, 0x80060892];

/** A Dataverse error code as a number, from its hex text ("0x80040237"), a signed or an unsigned number. */
export function dataverseErrorCode(code: unknown): number | null {
  if (typeof code === 'number' && Number.isFinite(code)) return code < 0 ? code + 0x1_0000_0000 : code;
  if (typeof code === 'string' && /^0x[0-9a-f]{1,8}$/i.test(code.trim())) return parseInt(code.trim(), 16);
  return null;
}

export function isDuplicateKeyCode(code: unknown): boolean {
  const n = dataverseErrorCode(code);
  return n !== null && DUPLICATE_KEY_CODES.includes(n);
}

/** A Web API answer (status and the body's error.code) that says the row already exists. */
export function isDuplicateKeyAnswer(status: number, code: unknown): boolean {
  return status === 412 && isDuplicateKeyCode(code);
}
