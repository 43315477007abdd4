/** domain/timeZone.ts: usersettings rules → the user's calendar date of a UTC instant, across daylight-saving changes. */
import { instantOfLocalDate, localDateOf, timeZoneFromUserSettings, utcOffsetMinutes } from '../../domain/timeZone';
import { userSettingsForZone } from '../../sandbox/dataverse/timeZones';

const paris = timeZoneFromUserSettings(userSettingsForZone(105))!;
const la = timeZoneFromUserSettings(userSettingsForZone(4))!;

describe('user time zones from usersettings', () => {
  it('reads the bias and both transitions; a row without a bias has no zone', () => {
    expect(paris).toMatchObject({ bias: -60, daylightBias: -60, daylight: { month: 3, day: 5 }, standard: { month: 10, day: 5 } });
    expect(timeZoneFromUserSettings({ timezonecode: 105 })).toBeNull();
    expect(timeZoneFromUserSettings(null)).toBeNull();
  });

  it('Paris changes at 01:00 UTC on the last Sundays of March and October 2026', () => {
    expect(utcOffsetMinutes(new Date('2026-03-29T00:59:00Z'), paris)).toBe(60);
    expect(utcOffsetMinutes(new Date('2026-03-29T01:00:00Z'), paris)).toBe(120);
    expect(utcOffsetMinutes(new Date('2026-10-25T00:59:00Z'), paris)).toBe(120);
    expect(utcOffsetMinutes(new Date('2026-10-25T01:00:00Z'), paris)).toBe(60);
  });

  it('Los Angeles changes on the 2nd Sunday of March and the 1st Sunday of November 2026', () => {
    expect(utcOffsetMinutes(new Date('2026-03-08T09:59:00Z'), la)).toBe(-480);
    expect(utcOffsetMinutes(new Date('2026-03-08T10:00:00Z'), la)).toBe(-420);
    expect(utcOffsetMinutes(new Date('2026-11-01T08:59:00Z'), la)).toBe(-420);
    expect(utcOffsetMinutes(new Date('2026-11-01T09:00:00Z'), la)).toBe(-480);
  });

  it('gives the calendar date the user meant, and the instant a form writes for it', () => {
    expect(localDateOf('2026-12-23T23:00:00Z', paris)).toBe('2026-12-24');
    expect(localDateOf('2026-12-24T08:00:00Z', la)).toBe('2026-12-24');
    expect(localDateOf('2026-12-24T08:00:00Z', null)).toBe('2026-12-24');
    expect(localDateOf('2026-12-23T23:00:00Z', null)).toBe('2026-12-23');
    expect(localDateOf('2026-12-24', la)).toBe('2026-12-24');
    expect(instantOfLocalDate('2026-12-24', paris)).toBe('2026-12-23T23:00:00Z');
    expect(instantOfLocalDate('2026-07-14', paris)).toBe('2026-07-13T22:00:00Z');
    expect(instantOfLocalDate('2026-12-24', la)).toBe('2026-12-24T08:00:00Z');
    expect(instantOfLocalDate('2026-12-24', null)).toBe('2026-12-24T00:00:00Z');
  });
});
