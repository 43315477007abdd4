/**
 * Deterministic GUIDs (name-based, SHA-1, RFC 4122 version 5 layout) for rows the connector may try to create more
 * than once: a timeline post for "shipment S of order O" always gets the same id, so a second create fails on the
 * primary key instead of writing the post twice, even from two connector processes at the same moment.
 */
import { createHash } from 'crypto';

const NAMESPACE = 'erp-link-connector';

export function stableGuid(...parts: readonly string[]): string {
  const h = createHash('sha1').update([NAMESPACE, ...parts].join('\u001f')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
