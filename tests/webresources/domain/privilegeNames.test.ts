/**
 * Privilege naming as Dataverse does it (domain/privileges.ts): historical names of standard tables, tables secured
 * through another table, custom tables by SchemaName with its casing.
 */
import { customTablePrivileges, isGlobalOnly, parsePrivilege, privilegeName, securingTable, standardPrivilegeNames } from '../../../domain/privileges';
import { Tables } from '../../../domain/schema';
import { COMMAND_PRIVILEGE_SOURCES, CommandPrivileges } from '../../../domain/commandPrivileges';

describe('privilegeName', () => {
  it('uses the historical names of standard tables', () => {
    expect(privilegeName('Write', 'salesorder')).toBe('prvWriteOrder');
    expect(privilegeName('Create', 'salesorder')).toBe('prvCreateOrder');
    expect(privilegeName('Read', 'systemuser')).toBe('prvReadUser');
    expect(privilegeName('Delete', 'annotation')).toBe('prvDeleteNote');
    expect(privilegeName('Create', 'activitypointer')).toBe('prvCreateActivity');
    expect(privilegeName('Write', 'quote')).toBe('prvWriteQuote');
  });

  it('gives line tables their header’s privileges: they have none of their own', () => {
    expect(privilegeName('Write', 'salesorderdetail')).toBe('prvWriteOrder');
    expect(privilegeName('Create', 'quotedetail')).toBe('prvCreateQuote');
    expect(privilegeName('Read', 'invoicedetail')).toBe('prvReadInvoice');
    expect(securingTable('salesorderdetail')).toBe('salesorder');
  });

  it('secures price lists, price list items, units and unit groups by Product; close activities by Activity', () => {
    for (const t of ['pricelevel', 'productpricelevel', 'uom', 'uomschedule']) expect(privilegeName('Read', t)).toBe('prvReadProduct');
    expect(privilegeName('Create', 'orderclose')).toBe('prvCreateActivity');
    expect(privilegeName('Append', 'quoteclose')).toBe('prvAppendActivity');
    expect(securingTable('uom')).toBe('product');
  });

  it('names custom tables by their SchemaName, casing kept', () => {
    expect(privilegeName('Create', Tables.integrationRequest)).toBe('prvCreateerp_IntegrationRequest');
    expect(privilegeName('AppendTo', Tables.connection)).toBe('prvAppendToerp_Connection');
    expect(() => privilegeName('Read', 'erp_unknown')).toThrow(/give its schema name/);
  });

  it('answers null for a verb that has no privilege on the table', () => {
    expect(privilegeName('Assign', 'product')).toBeNull();
    expect(privilegeName('Write', 'post')).toBeNull();
    expect(privilegeName('Delete', 'systemuser')).toBeNull();
  });
});

describe('the reference list', () => {
  const names = standardPrivilegeNames();
  it('holds the real names and not the invented ones', () => {
    for (const p of ['prvWriteOrder', 'prvReadUser', 'prvCreateNote', 'prvCreateActivity', 'prvAppendToOrder', 'prvReadProduct', 'prvActOnBehalfOfAnotherUser', 'prvWriteOptionSet', 'prvCreatemsdyn_PostConfig'])
      expect(names.has(p)).toBe(true);
    for (const p of ['prvWriteSalesOrder', 'prvReadSystemUser', 'prvReadAnnotation', 'prvWriteSalesOrderDetail', 'prvReadUoM', 'prvReadPriceLevel', 'prvCreateOrderClose']) expect(names.has(p)).toBe(false);
  });

  it('gives custom tables eight verbs when user-owned, six when organization-owned', () => {
    expect(customTablePrivileges('erp_IntegrationRequest', 'user')).toHaveLength(8);
    expect(customTablePrivileges('erp_Connection', 'org')).toEqual(['prvCreateerp_Connection', 'prvReaderp_Connection', 'prvWriteerp_Connection', 'prvDeleteerp_Connection', 'prvAppenderp_Connection', 'prvAppendToerp_Connection']);
  });

  it('knows which privileges exist at organization depth only', () => {
    expect(isGlobalOnly('prvReadProduct')).toBe(true);
    expect(isGlobalOnly('prvWriteOrder')).toBe(false);
  });

  it('splits a name into verb and base, AppendTo before Append', () => {
    expect(parsePrivilege('prvAppendToOrder')).toEqual({ verb: 'AppendTo', base: 'Order' });
    expect(parsePrivilege('prvAppendOrder')).toEqual({ verb: 'Append', base: 'Order' });
    expect(parsePrivilege('prvActOnBehalfOfAnotherUser')).toBeNull();
  });
});

describe('CommandPrivileges (the names the web resources check, written out)', () => {
  it('are exactly what privilegeName gives for each command’s verb and table', () => {
    expect(Object.keys(COMMAND_PRIVILEGE_SOURCES).sort()).toEqual(Object.keys(CommandPrivileges).sort());
    for (const [key, [verb, table]] of Object.entries(COMMAND_PRIVILEGE_SOURCES)) {
      const ours = (Tables as Record<string, { logicalName: string; schemaName: string }>)[table];
      const expected = privilegeName(verb as Parameters<typeof privilegeName>[0], ours ?? table);
      expect([key, CommandPrivileges[key as keyof typeof CommandPrivileges]]).toEqual([key, expected]);
    }
  });
});
