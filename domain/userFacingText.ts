/**
 * Error texts that reach a user come from many places (Dataverse, Business Central, the connector) and may carry
 * what a machine needs and a person cannot read: ISO timestamps and record GUIDs (issue 19, finding 14). Before
 * such a text is shown, its timestamps are written in the user's locale and its ids are dropped (a GUID names
 * nothing a user can look up; the record the text is about is named around it).
 */
import { Formatter } from './format';

/** 2026-12-06T18:00:00Z, 2026-12-06T18:00:00.000+01:00, 2026-12-06 18:00:00 UTC: an instant. */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2}|\s?UTC)?(?![\w:])/g;

const GUID = '\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?';

/**
 * A GUID with what only introduces it: "with id", "Id =", "id:", and the brackets or quotes around it.
 * "(id 3f2a…)" and "'3f2a…'" go entirely; "record 3f2a… was" becomes "record was".
 */
const ID_PHRASE = new RegExp(`\\s*(?:\\bwith\\s+)?(?:\\bid\\s*[=:]?\\s*)?(?:\\(\\s*(?:id\\s*[=:]?\\s*)?${GUID}\\s*\\)|['"«]\\s*${GUID}\\s*['"»]|${GUID})`, 'gi');

function toDate(match: string): Date | null {
  const iso = match.replace(' ', 'T').replace(/\s?UTC$/, 'Z');
  const withZone = /Z$|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? null : new Date(t);
}

/** The text with timestamps in the user's locale and without GUIDs. Everything else is left as written. */
export function userFacingText(text: string, languageId: number): string {
  if (!text) return text;
  const format = new Formatter(languageId);
  const dated = text.replace(ISO_INSTANT, (m) => {
    const d = toDate(m);
    return d ? format.dateTime(d.toISOString()) : m;
  });
  return dated
    .replace(ID_PHRASE, '')
    .replace(/\(\s*\)/g, '')
    .replace(/\s+([.,)])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
