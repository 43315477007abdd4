/**
 * Test principals made in the test itself: roles with exactly the privileges a case needs, business units and users
 * placed in them, so authorisation tests rest on how the stand-in computes rights from roles, not on what the
 * shipped roles contain today.
 */
import { randomUUID } from 'crypto';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import type { RequestContext } from '../../sandbox/dataverse/engine';
import type { Depth } from '../../sandbox/dataverse/metadata/types';
import { ROOT_BUSINESS_UNIT_ID } from '../../sandbox/dataverse/security';

export type Grants = Record<string, Depth>;

function systemContext(dv: DataverseStandIn): RequestContext {
  return { user: dv.engine.security.userByKey('admin')!, annotations: () => false, apiUrl: dv.apiUrl, correlationId: 'test' };
}

/** A role holding `grants` (privilege name → depth); returns its id. */
export function makeRole(dv: DataverseStandIn, name: string, grants: Grants): string {
  const id = randomUUID();
  dv.engine.catalog.roles.set(id, { id, name, privileges: new Map(Object.entries(grants)), source: 'builtin' });
  dv.engine.upsertRaw(systemContext(dv), dv.engine.catalog.table('role')!, id, { name, businessunitid: { id: ROOT_BUSINESS_UNIT_ID, table: 'businessunit' } });
  return id;
}

/** A business unit under `parent` (the root by default). */
export function makeBusinessUnit(dv: DataverseStandIn, name: string, parent = ROOT_BUSINESS_UNIT_ID): string {
  const id = randomUUID();
  dv.engine.upsertRaw(systemContext(dv), dv.engine.catalog.table('businessunit')!, id, { name });
  // parentbusinessunitid is what Deep depth walks (the stand-in's businessunit metadata does not list it yet).
  dv.engine.store.put('businessunit', id, { ...dv.engine.store.get('businessunit', id)!, parentbusinessunitid: { id: parent, table: 'businessunit' } });
  return id;
}

/** A user with these roles, in this business unit; returns its systemuserid (the token is dv.tokens[key]). */
export function makeUser(dv: DataverseStandIn, key: string, roleIds: string[], options: { businessUnit?: string; languageId?: 1033 | 1036; objectId?: string } = {}): string {
  const u = dv.addUser({ key, roles: roleIds, languageId: options.languageId ?? 1033 });
  const values: Record<string, unknown> = {};
  if (options.businessUnit) values.businessunitid = { id: options.businessUnit, table: 'businessunit' };
  if (options.objectId) values.azureactivedirectoryobjectid = options.objectId;
  if (Object.keys(values).length) dv.engine.upsertRaw(systemContext(dv), dv.engine.catalog.table('systemuser')!, u.id, values as never);
  return u.id;
}
