/**
 * Ids of ERP records whose standard source has no GUID (analytics API query rows, published page rows): derived from
 * the source's key, so the same record always gets the same id and its coupling holds across runs. Pure (sha1).
 */
import { createHash } from 'crypto';

export function derivedErpId(entity: string, keyValues: readonly unknown[]): string {
  const h = createHash('sha1').update([entity, ...keyValues.map((v) => String(v))].join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
