/**
 * Table metadata over the Web API (EntityDefinitions, Attributes, type casts with OptionSet) and InsertOptionValue,
 * checked directly and through the two clients in this repository that read them (the sandbox page's metadata
 * loader, the synchronisation's option reader path).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEntityDefinitions } from '../../sandbox/app/server/metadata';
import { optionsPath } from '../../connector/dataverse/choices';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, start } from './support';

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv.close());

describe('EntityDefinitions', () => {
  it('describes a table and its attributes with labels in the user’s language', async () => {
    const r = await client(dv, 'salesperson').get("EntityDefinitions(LogicalName='salesorder')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,ObjectTypeCode,DisplayName&$expand=Attributes($select=LogicalName,AttributeType)");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ LogicalName: 'salesorder', EntitySetName: 'salesorders', PrimaryIdAttribute: 'salesorderid', PrimaryNameAttribute: 'name', ObjectTypeCode: 1088 });
    expect(r.json.DisplayName.UserLocalizedLabel).toMatchObject({ Label: 'Commande', LanguageCode: 1036 });
    const attrs = Object.fromEntries(r.json.Attributes.map((a: { LogicalName: string; AttributeType: string }) => [a.LogicalName, a.AttributeType]));
    expect(attrs).toMatchObject({ customerid: 'Customer', statecode: 'State', totalamount: 'Money', requestdeliveryby: 'DateTime', erp_erpordernumber: 'String', ownerid: 'Owner' });
  });

  it('serves the type casts with their option sets (picklist, state, status, boolean)', async () => {
    const c = client(dv);
    const base = "EntityDefinitions(LogicalName='salesorder')/Attributes";
    const status = await c.get(`${base}(LogicalName='statuscode')/Microsoft.Dynamics.CRM.StatusAttributeMetadata?$select=LogicalName&$expand=OptionSet`);
    const complete = status.json.OptionSet.Options.find((o: { Value: number }) => o.Value === 100001);
    expect(complete).toMatchObject({ State: 3, Label: { UserLocalizedLabel: { Label: 'Complete', LanguageCode: 1033 } } });
    const picklists = await c.get(`${base}/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet`);
    expect(picklists.json.value.map((a: { LogicalName: string }) => a.LogicalName)).toEqual(expect.arrayContaining(['paymenttermscode', 'erp_submissionstatus']));
    const bool = await c.get(`${base}(LogicalName='willcall')/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$select=LogicalName&$expand=OptionSet`);
    expect(bool.json.OptionSet.TrueOption.Label.UserLocalizedLabel.Label).toBe('Yes');
    expect((await c.get(`${base}(LogicalName='name')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`)).status).toBe(400);
    expect((await c.get("EntityDefinitions(LogicalName='nothing')")).status).toBe(404);
    const list = await c.get("EntityDefinitions?$select=LogicalName,EntitySetName&$filter=IsCustomEntity eq true");
    expect(list.json.value.map((e: { LogicalName: string }) => e.LogicalName).sort()).toEqual(['erp_accountstatistics', 'erp_connection', 'erp_coupling', 'erp_integrationrequest', 'erp_itemavailability', 'erp_syncjob']);
  });

  it('is read by the sandbox page’s metadata loader as from a real org', async () => {
    const [order] = await loadEntityDefinitions(dv.apiUrl, dv.tokens.admin, ['salesorder']);
    expect(order).toMatchObject({ logicalName: 'salesorder', entitySetName: 'salesorders', primaryId: 'salesorderid', primaryName: 'name' });
    expect(order.attributes.statecode.options?.find((o) => o.value === 1)?.labels['1036']).toBe('Envoyée');
    expect(order.attributes.customerid.targets).toEqual(['account', 'contact']);
    expect(order.attributes.willcall.options?.map((o) => o.value)).toEqual([0, 1]);
  });
});

describe('InsertOptionValue', () => {
  it('adds a choice that reads back and can be written, for a user with prvWriteOptionSet only', async () => {
    expect((await client(dv, 'integration').get(optionsPath('account', 'paymenttermscode'))).status).toBe(200);
    const r = await client(dv).post('InsertOptionValue', { EntityLogicalName: 'account', AttributeLogicalName: 'paymenttermscode', Label: { LocalizedLabels: [{ Label: 'COD', LanguageCode: 1033 }, { Label: 'Paiement à la livraison', LanguageCode: 1036 }] } });
    expect(r.status).toBe(200);
    expect(r.json.NewOptionValue).toBe(100000000);
    const meta = await client(dv).get(optionsPath('account', 'paymenttermscode'));
    expect(meta.json.OptionSet.Options.map((o: { Value: number }) => o.Value)).toContain(100000000);
    const account = Object.values(dv.seedInfo!.accounts)[0];
    expect((await client(dv).patch(`accounts(${account})`, { paymenttermscode: 100000000 })).status).toBe(204);
    const denied = await client(dv, 'salesperson').post('InsertOptionValue', { EntityLogicalName: 'account', AttributeLogicalName: 'paymenttermscode', Label: { LocalizedLabels: [{ Label: 'X', LanguageCode: 1033 }] } });
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toContain('is missing prvWriteOptionSet privilege');
    const notChoice = await client(dv).post('InsertOptionValue', { EntityLogicalName: 'account', AttributeLogicalName: 'name', Label: { LocalizedLabels: [{ Label: 'X', LanguageCode: 1033 }] } });
    expect(notChoice.json.error.message).toBe('You can add option values only to picklist and status attributes.');
  });

  it('keeps added choices in the data folder across a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-options-'));
    const first = await start({ dataDir: dir, seed: false });
    expect((await client(first).post('InsertOptionValue', { EntityLogicalName: 'salesorder', AttributeLogicalName: 'shippingmethodcode', Label: { LocalizedLabels: [{ Label: 'Drone', LanguageCode: 1033 }] } })).json.NewOptionValue).toBe(100000000);
    await first.close();
    const second = await start({ dataDir: dir, seed: false });
    const meta = await client(second).get(optionsPath('salesorder', 'shippingmethodcode'));
    expect(meta.json.OptionSet.Options.find((o: { Value: number }) => o.Value === 100000000).Label.UserLocalizedLabel.Label).toBe('Drone');
    await second.close();
  });
});
