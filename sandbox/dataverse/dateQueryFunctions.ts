/**
 * The date query functions of `$filter` (Microsoft.Dynamics.CRM.Today, Yesterday, Tomorrow, LastXDays, NextXDays,
 * LastXHours, NextXHours; "Web API Query Function Reference",
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/queryfunctions). Dataverse reads
 * "today" in the calling user's time zone (usersettings): the range is computed from the user's local midnight.
 * LastXDays(n) covers the n days before today up to now; NextXDays(n) from now to the end of the nth day after today.
 */
import { utcOffsetMinutes, type UserTimeZone } from '../../domain/timeZone';

const DAY = 86400000;
const HOUR = 3600000;

/** [from, to) in epoch ms for a date query function, or null when `name` is not one. */
export function dateFunctionRange(name: string, params: Record<string, unknown>, now: Date, zone: UserTimeZone | null): [number, number] | null {
  const offset = zone ? utcOffsetMinutes(now, zone) * 60000 : 0;
  const localMidnight = Math.floor((now.getTime() + offset) / DAY) * DAY - offset;
  const n = Number(params.PropertyValue ?? 0);
  switch (name) {
    case 'Today':
      return [localMidnight, localMidnight + DAY];
    case 'Yesterday':
      return [localMidnight - DAY, localMidnight];
    case 'Tomorrow':
      return [localMidnight + DAY, localMidnight + 2 * DAY];
    case 'LastXDays':
      return [localMidnight - n * DAY, now.getTime() + 1];
    case 'NextXDays':
      return [now.getTime(), localMidnight + (n + 1) * DAY];
    case 'LastXHours':
      return [now.getTime() - n * HOUR, now.getTime() + 1];
    case 'NextXHours':
      return [now.getTime(), now.getTime() + n * HOUR];
    default:
      return null;
  }
}

/** Whether a stored date value (instant, or YYYY-MM-DD for DateOnly columns) falls in the range. */
export function inDateRange(value: unknown, range: [number, number], dateOnly: boolean): boolean {
  if (typeof value !== 'string' || !value) return false;
  const t = Date.parse(dateOnly ? `${value.slice(0, 10)}T00:00:00Z` : value);
  if (Number.isNaN(t)) return false;
  if (dateOnly) return t >= Math.floor(range[0] / DAY) * DAY && t < range[1];
  return t >= range[0] && t < range[1];
}
