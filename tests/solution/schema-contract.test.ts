/** Code refers to tables, columns and choice values only through domain/schema.ts; this keeps that file true to solution/src. */
import * as path from 'path';
import { readSource } from '../../solution/tools/source';
import { childElements, firstChild, textOf, type Element } from '../../solution/tools/xml';
import * as schema from '../../domain/schema';

const src = readSource(path.resolve(__dirname, '../../solution/src'));
const entity = (logicalName: string) => src.entities.find((e) => textOf(e.entity, 'Name')!.toLowerCase() === logicalName)!;
const info = (e: Element) => firstChild(firstChild(e, 'EntityInfo')!, 'entity')!;
const attributes = (logicalName: string) => childElements(firstChild(info(entity(logicalName).entity), 'attributes')!, 'attribute');
const columnNames = (logicalName: string) => attributes(logicalName).map((a) => textOf(a, 'LogicalName'));
const optionValues = (logicalName: string, column: string) => {
  const a = attributes(logicalName).find((x) => textOf(x, 'LogicalName') === column)!;
  return childElements(firstChild(firstChild(a, 'optionset')!, 'options')!, 'option').map((o) => Number(o.getAttribute('value')));
};

test.each(Object.values(schema.Tables))('table $logicalName exists with its schema name, entity set and primary columns', (t) => {
  const e = entity(t.logicalName);
  expect(e).toBeDefined();
  expect(textOf(e.entity, 'Name')).toBe(t.schemaName);
  expect(textOf(info(e.entity), 'EntitySetName')).toBe(t.entitySet);
  expect(columnNames(t.logicalName)).toEqual(expect.arrayContaining([t.primaryId, t.primaryName]));
});

test.each([
  ['erp_accountstatistics', schema.AccountStatisticsColumns],
  ['erp_itemavailability', schema.ItemAvailabilityColumns],
  ['erp_integrationrequest', schema.IntegrationRequestColumns],
  ['erp_coupling', schema.CouplingColumns],
  ['erp_syncjob', schema.SyncJobColumns],
  ['erp_connection', schema.ConnectionColumns],
  ['account', schema.AccountColumns],
  ['product', schema.ProductColumns],
  ['salesorder', schema.SalesOrderColumns],
  ['quote', schema.QuoteColumns],
  ['invoice', schema.InvoiceColumns],
  ['salesorderdetail', schema.DocumentLineColumns],
  ['quotedetail', schema.DocumentLineColumns],
])('every column named for %s is in its Entity.xml', (table, columns) => {
  const missing = Object.values(columns).filter((c) => !columnNames(table).includes(c));
  expect(missing).toEqual([]);
});

test.each([
  ['erp_integrationrequest', 'erp_kind', schema.RequestKind],
  ['erp_integrationrequest', 'erp_status', schema.RequestStatus],
  ['erp_coupling', 'erp_direction', schema.SyncDirection],
  ['erp_syncjob', 'erp_kind', schema.SyncJobKind],
  ['erp_syncjob', 'erp_state', schema.SyncJobState],
  ['erp_connection', 'erp_erpkind', schema.ErpKind],
  ['erp_connection', 'erp_writeinproducttype', schema.WriteInProductType],
  ['salesorder', 'erp_submissionstatus', schema.SubmissionStatus],
])('choice %s.%s has exactly the values the code uses', (table, column, values) => {
  expect(optionValues(table, column).sort()).toEqual(Object.values(values).sort());
});

test('every choice label exists in English and French', () => {
  for (const e of src.entities) {
    for (const label of [...(e.entity.getElementsByTagName('label') as unknown as Element[])]) {
      const parent = label.parentNode as Element;
      const langs = childElements(parent, 'label').map((l) => l.getAttribute('languagecode'));
      expect(langs).toEqual(expect.arrayContaining(['1033', '1036']));
    }
  }
});

test('roles in the source are the ones the code names, with their fixed ids', () => {
  const roles = src.roles.map((r) => `${r.role.getAttribute('name')}|${r.role.getAttribute('id')}`);
  for (const r of Object.values(schema.Roles)) expect(roles).toContain(`${r.name}|{${r.id}}`);
});

test('environment variables in the source are the ones the code names', () => {
  expect(src.environmentVariables.map((v) => v.schemaName).sort()).toEqual(Object.values(schema.EnvironmentVariables).sort());
});
