/**
 * What the signed-in user may do on a table, as Unified Interface decides which commands to offer: New needs the
 * Create privilege and a main form; changing lines needs Write on the parent record's table too (and Create/Delete
 * on the lines' table), so a command that would fail at Save is not shown.
 */
import type { AppServices } from './services';

const has = (services: Pick<AppServices, 'privileges'>, verb: string, entity: string) => !services.privileges || services.privileges.has(`${verb}:${entity}`);

export function canCreate(services: Pick<AppServices, 'privileges' | 'manifest'>, entity: string): boolean {
  return !!services.manifest.forms[entity] && has(services, 'create', entity);
}

export function canDelete(services: Pick<AppServices, 'privileges'>, entity: string): boolean {
  return has(services, 'delete', entity);
}

export function canWriteTable(services: Pick<AppServices, 'privileges'>, entity: string): boolean {
  return has(services, 'write', entity);
}
