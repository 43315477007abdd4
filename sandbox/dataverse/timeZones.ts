/**
 * The time zone columns usersettings carries for a timezonecode ("Specify time zone settings for a user",
 * https://learn.microsoft.com/power-apps/developer/data-platform/specify-time-zone-settings-user: Dataverse computes
 * TimeZoneBias and the daylight/standard rules from TimeZoneCode). The stand-in knows the codes its seed and tests
 * use; Dataverse's full list is the timezonedefinition table (not modelled).
 */
export const TIME_ZONE_RULES: Record<number, Record<string, number>> = {
  // 105 Romance Standard Time (Paris): UTC+1, summer time from the last Sunday of March 02:00 to the last Sunday of October 03:00.
  105: {
    timezonebias: -60, timezonestandardbias: 0, timezonedaylightbias: -60,
    timezonestandardmonth: 10, timezonestandardday: 5, timezonestandarddayofweek: 0, timezonestandardhour: 3, timezonestandardminute: 0,
    timezonedaylightmonth: 3, timezonedaylightday: 5, timezonedaylightdayofweek: 0, timezonedaylighthour: 2, timezonedaylightminute: 0,
  },
  // 4 Pacific Standard Time (Los Angeles): UTC−8, daylight time from the 2nd Sunday of March to the 1st Sunday of November, 02:00.
  4: {
    timezonebias: 480, timezonestandardbias: 0, timezonedaylightbias: -60,
    timezonestandardmonth: 11, timezonestandardday: 1, timezonestandarddayofweek: 0, timezonestandardhour: 2, timezonestandardminute: 0,
    timezonedaylightmonth: 3, timezonedaylightday: 2, timezonedaylightdayofweek: 0, timezonedaylighthour: 2, timezonedaylightminute: 0,
  },
};

/** usersettings values for a time zone code (the code alone when the stand-in does not know its rules). */
export const userSettingsForZone = (code: number): Record<string, number> => ({ timezonecode: code, ...(TIME_ZONE_RULES[code] ?? {}) });

/**
 * Dataverse computes the bias and daylight columns from TimeZoneCode ("System calculated based on the time zone
 * specified for the user in the TimeZoneCode column"): a write of the code alone brings its rules along.
 */
export function applyTimeZoneCode(row: Record<string, unknown>, touched: readonly string[]): void {
  if (!touched.includes('timezonecode') || typeof row.timezonecode !== 'number') return;
  const rules = TIME_ZONE_RULES[row.timezonecode];
  if (rules) Object.assign(row, rules);
}
