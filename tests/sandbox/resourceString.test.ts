/**
 * The sandbox's Xrm.Utility.getResourceString resolves as the platform does (Microsoft Learn, "String (RESX) web
 * resources"): the user's language RESX, else the org's base language one; the key from that RESX only; null when
 * it is not there. The web resources then show the key (webresources/lib/strings.ts), which these cases exercise.
 */
import { resolveResourceString } from '../../sandbox/app/client/host/resx';

const tables: Record<number, Map<string, string>> = {
  1033: new Map([
    ['Dialog.Ok', 'OK'],
    ['OnlyInEnglish', 'English text'],
  ]),
  1036: new Map([['Dialog.Ok', 'OK (fr)']]),
};
const tableFor = (lcid: number) => tables[lcid];

describe('getResourceString in the sandbox', () => {
  it("reads the user's language RESX", () => {
    expect(resolveResourceString(tableFor, 1036, 1033, 'Dialog.Ok')).toBe('OK (fr)');
  });
  it("falls back to the org's base language RESX only when the user's language has none", () => {
    expect(resolveResourceString(tableFor, 1031, 1033, 'Dialog.Ok')).toBe('OK');
    expect(resolveResourceString(tableFor, 1031, 1036, 'Dialog.Ok')).toBe('OK (fr)');
  });
  it('returns null for a key missing from the chosen RESX, without looking in another language or returning the key', () => {
    expect(resolveResourceString(tableFor, 1036, 1033, 'OnlyInEnglish')).toBeNull();
    expect(resolveResourceString(tableFor, 1033, 1033, 'Missing')).toBeNull();
    expect(resolveResourceString(() => undefined, 1033, 1033, 'Dialog.Ok')).toBeNull();
  });
});
