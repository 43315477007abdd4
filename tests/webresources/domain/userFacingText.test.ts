/** Error texts shown to a user: ISO instants in the user's locale, record GUIDs dropped (issue 19, finding 14). */
import { userFacingText } from '../../../domain/userFacingText';
import { Formatter } from '../../../domain/format';

const GUID = '3f2a5c1e-0b1d-4c2e-8f3a-00000000a1b2';
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const HEX_ID = /[0-9a-f]{8}-[0-9a-f]{4}-/i;

describe('userFacingText', () => {
  it.each([1033, 1036])('writes instants in the user’s locale (%i)', (lcid) => {
    const out = userFacingText('Next try after 2026-12-06T18:00:00.000Z.', lcid);
    expect(out).not.toMatch(ISO);
    expect(out).toBe(`Next try after ${new Formatter(lcid).dateTime('2026-12-06T18:00:00.000Z')}.`);
    expect(out).toContain(lcid === 1036 ? 'déc.' : 'Dec');
  });

  it('reads an instant with a space and UTC as the same instant', () => {
    expect(userFacingText('until 2026-12-06 18:00:00 UTC', 1033)).toBe(`until ${new Formatter(1033).dateTime('2026-12-06T18:00:00Z')}`);
  });

  it('drops GUIDs with the words and brackets that only introduce them', () => {
    expect(userFacingText(`Entity 'salesorder' With Id = ${GUID} Does Not Exist`, 1033)).toBe("Entity 'salesorder' Does Not Exist");
    expect(userFacingText(`The salesperson LP is already coupled to another Sales record (${GUID}). Uncouple that one first.`, 1033)).toBe(
      'The salesperson LP is already coupled to another Sales record. Uncouple that one first.',
    );
    expect(userFacingText(`Le devis '{${GUID.toUpperCase()}}' est couplé.`, 1036)).toBe('Le devis est couplé.');
    expect(userFacingText(`record ${GUID} was changed`, 1033)).not.toMatch(HEX_ID);
  });

  it('leaves everything else as written: dates without time, numbers, codes', () => {
    const text = 'Invoice S-INV103001 of 2026-12-06: 96.73 EUR, item SAF-0002, HTTP 412.';
    expect(userFacingText(text, 1033)).toBe(text);
    expect(userFacingText('', 1033)).toBe('');
  });
});
