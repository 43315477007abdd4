/**
 * Master data of the ERP Link extension's API that API v2.0 lacks and the synchronisation maps (read-only here):
 * resources, customer price groups, sales price lists and their lines (no per-item units, as in the seed).
 * Routes: /api/erplink/erplink/v1.0/companies({id})/resources | customerPriceGroups | priceLists | priceListLines.
 */
import { createHash } from 'crypto';
import { makeKinds, type Internal, type Resource, type ServerContext } from './resource';
import type { FieldDef } from './metadata';

const ERPLINK_MASTER_SETS = ['resources', 'customerPriceGroups', 'priceLists', 'priceListLines'];
export { ERPLINK_MASTER_SETS };

function guidOf(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function readOnly(setName: string, entityName: string, cols: Array<[string, string]>, rows: (ctx: ServerContext) => Array<Record<string, unknown>>): Resource {
  const fields: FieldDef[] = cols.map(([name, type]) => ({ name, type, editable: false }));
  const names = fields.map((f) => f.name);
  return {
    setName, entityName, tableName: entityName, fields, kinds: makeKinds(fields), keyKind: 'guid', keyProperty: 'id', operations: ['GET'], changeTracking: false,
    list: (ctx) => rows(ctx) as Internal[],
    get: (ctx, key) => rows(ctx).find((r) => r.id === key.toLowerCase()) as Internal | undefined,
    project: (_ctx, row) => Object.fromEntries(names.map((n) => [n, row[n]])),
  };
}

export function erplinkMasterResources(): Record<string, Resource> {
  return {
    resources: readOnly(
      'resources', 'resource',
      [['id', 'Guid'], ['number', 'Code[20]'], ['name', 'Text[100]'], ['type', 'Text[30]'], ['baseUnitOfMeasureCode', 'Code[10]'], ['unitPrice', 'Decimal'], ['unitCost', 'Decimal'], ['blocked', 'Boolean'], ['lastModifiedDateTime', 'DateTime']],
      (ctx) => ctx.store.tables.resources.map((r) => ({ ...r, type: (r as unknown as { type?: string }).type ?? 'Person', unitCost: (r as unknown as { unitCost?: number }).unitCost ?? 0 })),
    ),
    customerPriceGroups: readOnly(
      'customerPriceGroups', 'customerPriceGroup',
      [['id', 'Guid'], ['code', 'Code[10]'], ['description', 'Text[100]'], ['lastModifiedDateTime', 'DateTime']],
      (ctx) => {
        const codes = new Set<string>();
        for (const c of ctx.store.tables.customers) if (c.customerPriceGroupCode) codes.add(c.customerPriceGroupCode);
        for (const p of ctx.store.tables.priceLists) if (p.customerPriceGroupCode) codes.add(p.customerPriceGroupCode);
        const stamp = ctx.store.tables.priceLists[0]?.lastModifiedDateTime ?? '';
        return [...codes].sort().map((code) => ({ id: guidOf('customerPriceGroup', code), code, description: code.charAt(0) + code.slice(1).toLowerCase(), lastModifiedDateTime: stamp }));
      },
    ),
    priceLists: readOnly(
      'priceLists', 'priceList',
      [['id', 'Guid'], ['code', 'Code[20]'], ['description', 'Text[250]'], ['currencyCode', 'Code[10]'], ['customerPriceGroupCode', 'Code[10]'], ['startingDate', 'Date'], ['endingDate', 'Date'], ['lastModifiedDateTime', 'DateTime']],
      (ctx) =>
        ctx.store.tables.priceLists.map((p) => ({
          id: p.id, code: p.code, description: p.description, currencyCode: p.currencyCode || ctx.store.state.company.lcy, customerPriceGroupCode: p.customerPriceGroupCode ?? '',
          startingDate: p.startingDate, endingDate: '0001-01-01', lastModifiedDateTime: p.lastModifiedDateTime,
        })),
    ),
    priceListLines: readOnly(
      'priceListLines', 'priceListLine',
      [['id', 'Guid'], ['priceListCode', 'Code[20]'], ['assetType', 'Text[30]'], ['assetNumber', 'Code[20]'], ['unitOfMeasureCode', 'Code[10]'], ['minimumQuantity', 'Decimal'], ['unitPrice', 'Decimal'], ['lastModifiedDateTime', 'DateTime']],
      (ctx) =>
        ctx.store.tables.priceLists.flatMap((p) =>
          p.lines.map((l) => ({
            id: guidOf('priceListLine', p.code, l.itemNumber, l.unitOfMeasureCode, String(l.minimumQuantity)), priceListCode: p.code, assetType: 'Item', assetNumber: l.itemNumber,
            unitOfMeasureCode: l.unitOfMeasureCode, minimumQuantity: l.minimumQuantity, unitPrice: l.unitPrice, lastModifiedDateTime: p.lastModifiedDateTime,
          })),
        ),
    ),
  };
}
