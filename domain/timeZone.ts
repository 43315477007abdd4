/**
 * User-local dates. Dataverse stores a UserLocal date-time column (salesorder.requestdeliveryby, submitdate,
 * datefulfilled, lastbackofficesubmit, quote.effectivefrom/effectiveto…, even with the "Date Only" format) as a UTC
 * instant and the Web API returns it in UTC: a French user's 24 December is `…-12-23T23:00:00Z` ("Behavior and
 * format of the date and time column", https://learn.microsoft.com/power-apps/maker/data-platform/behavior-format-date-time-field).
 * The calendar date the user meant is that instant in the user's own time zone.
 *
 * A server process has no browser to convert, so it reads the user's rules from `usersettings`: TimeZoneBias,
 * TimeZoneStandardBias/TimeZoneDaylightBias and the Month / Day (1st…5th = last occurrence) / DayOfWeek / Hour /
 * Minute of each change ("Specify time zone settings for a user",
 * https://learn.microsoft.com/power-apps/developer/data-platform/specify-time-zone-settings-user). These are the
 * Windows TIME_ZONE_INFORMATION rules: UTC = local + bias (+ daylight bias in summer). Pure: no I/O here.
 */

export interface ZoneTransition {
  month: number;
  /** 1st…4th occurrence of dayOfWeek in the month; 5 = the last one. */
  day: number;
  /** Sunday = 0. */
  dayOfWeek: number;
  hour: number;
  minute: number;
}

export interface UserTimeZone {
  /** Minutes: UTC = local time + bias (Paris: -60, Los Angeles: 480). */
  bias: number;
  standardBias: number;
  daylightBias: number;
  /** Absent (month 0) when the zone has no daylight saving time. */
  standard?: ZoneTransition;
  daylight?: ZoneTransition;
}

/** The usersettings columns to $select for timeZoneFromUserSettings. */
export const USER_TIME_ZONE_COLUMNS = [
  'systemuserid',
  'timezonecode',
  'timezonebias',
  'timezonestandardbias',
  'timezonedaylightbias',
  'timezonestandardmonth',
  'timezonestandardday',
  'timezonestandarddayofweek',
  'timezonestandardhour',
  'timezonestandardminute',
  'timezonedaylightmonth',
  'timezonedaylightday',
  'timezonedaylightdayofweek',
  'timezonedaylighthour',
  'timezonedaylightminute',
] as const;

const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function transition(row: Record<string, unknown>, kind: 'standard' | 'daylight'): ZoneTransition | undefined {
  const month = n(row[`timezone${kind}month`]);
  if (month < 1 || month > 12) return undefined;
  return { month, day: n(row[`timezone${kind}day`]), dayOfWeek: n(row[`timezone${kind}dayofweek`]), hour: n(row[`timezone${kind}hour`]), minute: n(row[`timezone${kind}minute`]) };
}

/** A usersettings row → its time zone rules (null when the row has no bias: the caller decides the fallback). */
export function timeZoneFromUserSettings(row: Record<string, unknown> | null | undefined): UserTimeZone | null {
  if (!row || typeof row.timezonebias !== 'number') return null;
  const standard = transition(row, 'standard');
  const daylight = transition(row, 'daylight');
  return { bias: row.timezonebias, standardBias: n(row.timezonestandardbias), daylightBias: n(row.timezonedaylightbias), ...(standard && daylight ? { standard, daylight } : {}) };
}

/** The local wall-clock time (as a UTC-based epoch) at which a transition happens in `year`. */
function transitionLocal(year: number, t: ZoneTransition): number {
  const firstOfMonth = new Date(Date.UTC(year, t.month - 1, 1)).getUTCDay();
  let date = 1 + ((t.dayOfWeek - firstOfMonth + 7) % 7) + 7 * (Math.max(1, t.day) - 1);
  const daysInMonth = new Date(Date.UTC(year, t.month, 0)).getUTCDate();
  while (date > daysInMonth) date -= 7;
  return Date.UTC(year, t.month - 1, date, t.hour, t.minute);
}

/** Minutes to add to UTC to get the user's local time at `instant`. */
export function utcOffsetMinutes(instant: Date, tz: UserTimeZone): number {
  const standardOffset = -(tz.bias + tz.standardBias);
  if (!tz.standard || !tz.daylight) return standardOffset;
  const daylightOffset = -(tz.bias + tz.daylightBias);
  const year = instant.getUTCFullYear();
  // Transitions are given in local time: daylight starts at standard local time, ends at daylight local time.
  const start = transitionLocal(year, tz.daylight) - standardOffset * 60000;
  const end = transitionLocal(year, tz.standard) - daylightOffset * 60000;
  const t = instant.getTime();
  const inDaylight = start < end ? t >= start && t < end : t >= start || t < end;
  return inDaylight ? daylightOffset : standardOffset;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The calendar date (YYYY-MM-DD) a user-local date-time value means for a user. A bare date (a DateOnly column, or
 * an old value) is already that date; an instant is moved into the user's zone (UTC when the zone is unknown).
 */
export function localDateOf(value: string, tz: UserTimeZone | null | undefined): string {
  if (DATE_ONLY.test(value)) return value;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value.slice(0, 10);
  const offset = tz ? utcOffsetMinutes(instant, tz) : 0;
  return new Date(instant.getTime() + offset * 60000).toISOString().slice(0, 10);
}

/**
 * The UTC instant to write to a UserLocal column so the user sees `date` (YYYY-MM-DD): local midnight, as the
 * Sales form writes it.
 */
export function instantOfLocalDate(date: string, tz: UserTimeZone | null | undefined): string {
  const midnightUtc = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  if (!tz) return new Date(midnightUtc).toISOString().replace('.000Z', 'Z');
  // The offset at local midnight: take the offset at the UTC-midnight guess, then correct once for a change between.
  let guess = midnightUtc - utcOffsetMinutes(new Date(midnightUtc), tz) * 60000;
  guess = midnightUtc - utcOffsetMinutes(new Date(guess), tz) * 60000;
  return new Date(guess).toISOString().replace('.000Z', 'Z');
}
