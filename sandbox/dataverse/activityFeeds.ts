/**
 * Activity feeds: a post can regard a record only when its table is enabled for activity feeds.
 *
 * Microsoft Learn, "Configure activity feeds" (Developer Guide, `configure-activity-feeds`, section "Lookup
 * information for the post entity and post follow entity"): "You can add a post to a record or follow a record for
 * the entities that are enabled for activity feeds ... retrieve the msdyn_PostConfig records that are in the active
 * state (msdyn_PostConfig.StateCode = Active (value 0) and msdyn_PostConfig.StatusCode = Active (value 1))". A table
 * is enabled by an active msdyn_postconfig row naming it in msdyn_entityname ("Configuration entities", same page).
 * The same page: "The Post Configurations area contains a list of entities that are configurable for activity
 * feeds", so an organization holds a row per configurable table, enabled or not; Business Central's CRMEnablePosts
 * (original-solution.md §2) switches the existing salesorder row on.
 *
 * Microsoft's list of Dataverse error codes names no code for this refusal; the stand-in answers what Dataverse
 * answers for an invalid argument (0x80040203, 400) with a message naming the table (docs/dataverse-standin.md,
 * marked APPROX).
 */
import { stableId } from './actions';
import { Codes, DataverseError } from './errors';
import type { Engine, RequestContext } from './engine';
import { isLookup, type Row, type Store } from './store';

/** Out-of-the-box post configurations of a Sales organization: tables enabled, and configurable tables left off. */
export const DEFAULT_POST_CONFIGS: Array<{ table: string; enabled: boolean }> = [
  { table: 'account', enabled: true },
  { table: 'contact', enabled: true },
  { table: 'systemuser', enabled: true },
  { table: 'salesorder', enabled: false },
  { table: 'quote', enabled: false },
  { table: 'invoice', enabled: false },
  { table: 'product', enabled: false },
];

/** True when an active msdyn_postconfig row names the table. */
export function activityFeedsEnabled(store: Store, table: string): boolean {
  for (const r of store.rows('msdyn_postconfig')) {
    if (String(r.msdyn_entityname ?? '').toLowerCase() === table && r.statecode === 0 && r.statuscode === 1) return true;
  }
  return false;
}

/** Refuses a post whose regarding table is not enabled for activity feeds. */
export function assertPostRegardingEnabled(store: Store, row: Row): void {
  const regarding = row.regardingobjectid;
  if (!isLookup(regarding)) return;
  if (activityFeedsEnabled(store, regarding.table)) return;
  throw new DataverseError(
    400,
    Codes.invalidArgument,
    `The entity '${regarding.table}' is not enabled for activity feeds: a post cannot regard it. Enable it in Settings > Activity Feeds Configuration > Post Configurations (msdyn_postconfig with msdyn_entityname = '${regarding.table}', Active).`,
  );
}

/** Seeds the post configuration rows a Sales organization ships with (platform data, like the SDK messages). */
export function seedPostConfigs(engine: Engine, ctx: RequestContext): void {
  const t = engine.catalog.table('msdyn_postconfig');
  if (!t) return;
  for (const c of DEFAULT_POST_CONFIGS) {
    const id = stableId(`msdyn_postconfig:${c.table}`);
    if (engine.store.get('msdyn_postconfig', id)) continue;
    engine.upsertRaw(ctx, t, id, { msdyn_entityname: c.table, msdyn_configurewall: c.enabled, statecode: c.enabled ? 0 : 1, statuscode: c.enabled ? 1 : 2 });
  }
}
