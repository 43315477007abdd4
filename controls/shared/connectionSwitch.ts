/// <reference types="powerapps-component-framework" />
/**
 * The administrator's switches on the ERP connection (assisted setup, step 3): with availability or statistics
 * off, the connector stops refreshing the rows and refuses refresh requests, so a control shows that instead of
 * figures that only get older.
 */
import { ConnectionColumns, Tables } from '../../domain/schema';

export type ConnectionSwitch = typeof ConnectionColumns.availabilityEnabled | typeof ConnectionColumns.statisticsEnabled;

/** What a reader returns instead of the figures when the administrator turned the feature off. */
export interface SwitchedOff {
  enabled: false;
}

/**
 * One row, one column: the default active connection first, the row the setup page and the connector use
 * (webresources/lib/dataverse.ts readConnection).
 */
export function connectionSwitchQuery(column: ConnectionSwitch): string {
  return `?$select=${column}&$filter=statecode eq 0&$orderby=${ConnectionColumns.isDefault} desc&$top=1`;
}

/**
 * Only an explicit false turns the feature off. Null (rows made before the switch existed), no connection row, and
 * a read that fails (a role without read on erp_connection, an offline profile without the table, a host error)
 * keep the control as it was: the figures' own read reports the problems the user can act on.
 * Promise chains rather than async functions here: the production bundle (ES6 target) pays for each async module.
 */
export function readConnectionSwitch(webAPI: ComponentFramework.WebApi, column: ConnectionSwitch): Promise<boolean> {
  return new Promise<ComponentFramework.WebApi.RetrieveMultipleResponse>((resolve) => resolve(webAPI.retrieveMultipleRecords(Tables.connection.logicalName, connectionSwitchQuery(column))))
    .then((result) => result.entities[0]?.[column] !== false)
    .catch(() => true);
}

/**
 * Waits for the figures and the switch, read side by side so the switch costs no extra round trip of latency.
 * Null when the feature is off: that wins over a failed figures read, whose rows are stale anyway.
 */
export function unlessSwitchedOff<T>(webAPI: ComponentFramework.WebApi, column: ConnectionSwitch, figures: Promise<T>): Promise<T | null> {
  // Settled at once, so figures failing while the switch is still being read is never an unhandled rejection.
  const outcome = figures.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return Promise.all([readConnectionSwitch(webAPI, column), outcome]).then((both) => {
    const figuresOutcome = both[1];
    if (!both[0]) return null;
    if (!figuresOutcome.ok) throw figuresOutcome.error;
    return figuresOutcome.value;
  });
}
