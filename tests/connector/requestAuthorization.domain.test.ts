/**
 * The pure rule of who may ask the connector for what (domain/requestAuthorization.ts): the right each kind needs,
 * whose rights count (creator, impersonating caller, the connector itself), the decision, and the texts EN/FR.
 */
import { authorizationCatalogs, COUPLING_PRIVILEGE, decide, refusalText, requirementFor, whoseRights, type Requirement } from '../../domain/requestAuthorization';
import { RequestKind } from '../../domain/schema';

const T = '11111111-1111-4111-8111-111111111111';
const CONN = '22222222-2222-4222-8222-222222222222';
const ME = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const ANN = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const BOB = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

describe('requirementFor', () => {
  it.each([
    [RequestKind.submitOrder, null, { kind: 'record', action: 'submitOrder', entitySet: 'salesorders', id: T, right: 'WriteAccess' }],
    [RequestKind.processQuote, null, { kind: 'record', action: 'processQuote', entitySet: 'quotes', id: T, right: 'WriteAccess' }],
    [RequestKind.refreshStatistics, null, { kind: 'record', action: 'refreshStatistics', entitySet: 'accounts', id: T, right: 'ReadAccess' }],
    [RequestKind.refreshAvailability, null, { kind: 'record', action: 'refreshAvailability', entitySet: 'products', id: T, right: 'ReadAccess' }],
    [RequestKind.testConnection, null, { kind: 'record', action: 'testConnection', entitySet: 'erp_connections', id: CONN, right: 'WriteAccess' }],
    [RequestKind.couple, '{"operation":"search","query":"x"}', { kind: 'record', action: 'search', entitySet: 'erp_connections', id: CONN, right: 'WriteAccess' }],
    [RequestKind.couple, '{"operation":"uncouple"}', { kind: 'privilege', action: 'coupling', privilege: COUPLING_PRIVILEGE }],
    [RequestKind.couple, 'not json', { kind: 'privilege', action: 'coupling', privilege: COUPLING_PRIVILEGE }],
    [RequestKind.syncRecord, null, { kind: 'privilege', action: 'coupling', privilege: COUPLING_PRIVILEGE }],
    [RequestKind.fullSync, null, { kind: 'privilege', action: 'coupling', privilege: COUPLING_PRIVILEGE }],
    [RequestKind.reconcile, null, { kind: 'privilege', action: 'coupling', privilege: COUPLING_PRIVILEGE }],
    [12345, null, { kind: 'unknown' }],
  ])('kind %i (%s)', (kind, payload, expected) => {
    expect(requirementFor({ kind, targetId: `{${T.toUpperCase()}}`, payload, connectionId: CONN })).toEqual(expected);
  });

  it('a target that is not a GUID is no target (never an OData path a client chose)', () => {
    expect(requirementFor({ kind: RequestKind.submitOrder, targetId: `${T})/x`, payload: null, connectionId: CONN })).toEqual({ kind: 'noTarget', action: 'submitOrder' });
    expect(requirementFor({ kind: RequestKind.testConnection, targetId: null, payload: null, connectionId: null })).toEqual({ kind: 'noTarget', action: 'testConnection' });
  });
});

describe('whoseRights and decide', () => {
  const order: Requirement = { kind: 'record', action: 'submitOrder', entitySet: 'salesorders', id: T, right: 'WriteAccess' };

  it('the connector’s own rows pass; a row without creator is refused', () => {
    expect(whoseRights({ createdBy: ME, createdOnBehalfBy: null, connectorUser: ME })).toEqual({ kind: 'connector' });
    expect(decide(order, { kind: 'connector' }, new Map())).toBeNull();
    expect(decide(order, whoseRights({ createdBy: null, createdOnBehalfBy: null, connectorUser: ME }), new Map())?.code).toBe('noCreator');
  });

  it('the creator needs the right; an impersonating caller needs it too', () => {
    const ann = whoseRights({ createdBy: ANN, createdOnBehalfBy: null, connectorUser: ME });
    expect(decide(order, ann, new Map([[ANN, true]]))).toBeNull();
    expect(decide(order, ann, new Map([[ANN, false]]))).toMatchObject({ code: 'record', userId: ANN });
    expect(decide(order, ann, new Map())).toMatchObject({ code: 'record' });
    const bobAsAnn = whoseRights({ createdBy: ANN, createdOnBehalfBy: BOB, connectorUser: ME });
    expect(bobAsAnn).toEqual({ kind: 'users', users: [ANN, BOB], creator: ANN, impersonator: BOB, modifiers: [] });
    expect(decide(order, bobAsAnn, new Map([[ANN, true], [BOB, false]]))).toMatchObject({ code: 'impersonated', userId: BOB, creatorId: ANN });
    expect(decide(order, bobAsAnn, new Map([[ANN, true], [BOB, true]]))).toBeNull();
    // Impersonating the connector's own user gives nothing: the real caller is asked.
    const bobAsMe = whoseRights({ createdBy: ME, createdOnBehalfBy: BOB, connectorUser: ME });
    expect(bobAsMe).toEqual({ kind: 'users', users: [BOB], creator: ME, impersonator: BOB, modifiers: [] });
    expect(decide(order, bobAsMe, new Map([[BOB, false]]))?.code).toBe('impersonated');
    // The connector acting for a user (createdonbehalfby = connector) is the user's own request.
    expect(whoseRights({ createdBy: ANN, createdOnBehalfBy: ME, connectorUser: ME })).toEqual({ kind: 'users', users: [ANN], creator: ANN, impersonator: null, modifiers: [] });
  });

  it('whoever last changed the row needs the right too; the connector’s own changes (claims, retries) do not count', () => {
    const rewritten = whoseRights({ createdBy: ANN, createdOnBehalfBy: null, modifiedBy: BOB, modifiedOnBehalfBy: null, connectorUser: ME });
    expect(rewritten).toEqual({ kind: 'users', users: [ANN, BOB], creator: ANN, impersonator: null, modifiers: [BOB] });
    expect(decide(order, rewritten, new Map([[ANN, true], [BOB, false]]))).toMatchObject({ code: 'modified', userId: BOB, creatorId: ANN });
    expect(whoseRights({ createdBy: ANN, createdOnBehalfBy: null, modifiedBy: ME, modifiedOnBehalfBy: null, connectorUser: ME })).toMatchObject({ users: [ANN], modifiers: [] });
    // The connector's own row, re-queued by a user: that user is asking.
    expect(whoseRights({ createdBy: ME, createdOnBehalfBy: null, modifiedBy: BOB, modifiedOnBehalfBy: null, connectorUser: ME })).toMatchObject({ kind: 'users', users: [BOB], modifiers: [BOB] });
    expect(whoseRights({ createdBy: ME, createdOnBehalfBy: null, modifiedBy: ME, modifiedOnBehalfBy: null, connectorUser: ME })).toEqual({ kind: 'connector' });
  });

  it('administrator and coupling refusals say so; no target is refused', () => {
    const ann = whoseRights({ createdBy: ANN, createdOnBehalfBy: null, connectorUser: ME });
    expect(decide({ kind: 'record', action: 'search', entitySet: 'erp_connections', id: CONN, right: 'WriteAccess' }, ann, new Map([[ANN, false]]))?.code).toBe('administrator');
    expect(decide({ kind: 'privilege', action: 'coupling', privilege: COUPLING_PRIVILEGE }, ann, new Map([[ANN, false]]))?.code).toBe('coupling');
    expect(decide({ kind: 'noTarget', action: 'submitOrder' }, ann, new Map())?.code).toBe('noTarget');
    expect(decide({ kind: 'unknown' }, ann, new Map())).toBeNull();
  });
});

describe('texts', () => {
  it('English and French have the same keys and placeholders', () => {
    const en = authorizationCatalogs[1033];
    const fr = authorizationCatalogs[1036];
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (t: string): string[] => [...new Set(t.match(/\{\w+\}/g) ?? [])].sort();
    for (const k of Object.keys(en) as Array<keyof typeof en>) expect([k, placeholders(fr[k])]).toEqual([k, placeholders(en[k])]);
  });

  it('a refusal names the user, the right, the record and the action, in the reader’s language (French variants read French)', () => {
    const req: Requirement = { kind: 'record', action: 'refreshStatistics', entitySet: 'accounts', id: T, right: 'ReadAccess' };
    const names = new Map([[ANN, 'Ann Lee'], [BOB, 'Bob Roy']]);
    const refusal = { code: 'record' as const, action: 'refreshStatistics' as const, userId: ANN, creatorId: ANN };
    expect(refusalText(refusal, req, names, 1033)).toBe(
      'Ann Lee has no read access to this account in Dynamics 365, so the connector will not refresh this account’s ERP figures. Nothing was sent to the ERP. Ask the account’s owner or your manager to do it, or to share the account with you.',
    );
    expect(refusalText(refusal, req, names, 3084)).toMatch(/^Ann Lee n’a pas l’accès en lecture à cet élément \(compte\) dans Dynamics 365 : le connecteur ne va pas actualiser les chiffres ERP de ce compte\./);
    const imp = refusalText({ code: 'impersonated', action: 'coupling', userId: BOB, creatorId: ANN }, { kind: 'privilege', action: 'coupling', privilege: COUPLING_PRIVILEGE }, names, 1033);
    expect(imp).toBe('This request was created by Bob Roy on behalf of Ann Lee. The connector only does what both may do, and Bob Roy may not change ERP couplings or start a synchronisation. Nothing was done.');
  });
});
