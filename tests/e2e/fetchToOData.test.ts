/** The page turns a view's FetchXML into one Web API query: every operator the views use, and none dropped. */
import { buildQueryString, conditionToOData, filterToOData, viewToOData } from '../../sandbox/app/shared/fetchToOData';
import type { ViewDef } from '../../sandbox/app/shared/model';

const lookups = new Set(['ownerid', 'customerid']);
const numeric = new Set(['statecode', 'erp_status']);
const isLookup = (a: string) => lookups.has(a);
const isNumeric = (a: string) => numeric.has(a);
const c = (attribute: string, operator: string, ...values: string[]) => ({ attribute, operator, values });

describe('FetchXML conditions → OData', () => {
  it('maps comparison, null, in and like operators', () => {
    expect(conditionToOData(c('statecode', 'eq', '0'), isLookup, isNumeric)).toBe('statecode eq 0');
    expect(conditionToOData(c('name', 'eq', "O'Neil"), isLookup, isNumeric)).toBe("name eq 'O''Neil'");
    expect(conditionToOData(c('erp_erpordernumber', 'not-null'), isLookup, isNumeric)).toBe('erp_erpordernumber ne null');
    expect(conditionToOData(c('erp_status', 'in', '1', '2'), isLookup, isNumeric)).toBe('(erp_status eq 1 or erp_status eq 2)');
    expect(conditionToOData(c('name', 'like', '%bike%'), isLookup, isNumeric)).toBe("contains(name,'bike')");
    expect(conditionToOData(c('name', 'like', 'bike%'), isLookup, isNumeric)).toBe("startswith(name,'bike')");
  });

  it('filters lookups by _x_value and GUIDs without quotes', () => {
    expect(conditionToOData(c('customerid', 'eq', '{AAAAAAAA-0000-0000-0000-000000000001}'), isLookup, isNumeric)).toBe('_customerid_value eq aaaaaaaa-0000-0000-0000-000000000001');
    expect(conditionToOData(c('ownerid', 'eq-userid'), isLookup, isNumeric, 'u-1')).toBe('_ownerid_value eq u-1');
  });

  it('names an operator it cannot translate instead of dropping it', () => {
    expect(() => conditionToOData(c('createdon', 'last-x-days', '7'), isLookup, isNumeric)).toThrow(/last-x-days.*createdon/);
    expect(() => conditionToOData(c('ownerid', 'eq-userid'), isLookup, isNumeric)).toThrow(/current user/);
  });

  it('keeps and/or nesting with parentheses', () => {
    const f = { type: 'and' as const, conditions: [c('statecode', 'eq', '0')], filters: [{ type: 'or' as const, conditions: [c('erp_status', 'eq', '1'), c('erp_status', 'eq', '2')], filters: [] }] };
    expect(filterToOData(f, isLookup, isNumeric)).toBe('(statecode eq 0 and (erp_status eq 1 or erp_status eq 2))');
  });
});

describe('a whole view', () => {
  const view: ViewDef = {
    id: 'v',
    entity: 'salesorder',
    names: { 1033: 'Orders' },
    isDefault: true,
    queryType: 0,
    columns: [{ name: 'name', width: 200 }, { name: 'customerid', width: 200 }],
    attributes: ['salesorderid', 'name', 'customerid'],
    orders: [{ attribute: 'name', descending: true }],
    filter: { type: 'and', conditions: [], filters: [{ type: 'and', conditions: [c('statecode', 'eq', '0')], filters: [] }] },
    source: 'sandbox',
  };

  it('selects lookups as _x_value, orders and filters, and ANDs extra filters', () => {
    const parts = viewToOData(view, isLookup, isNumeric);
    expect(parts.select).toEqual(['salesorderid', 'name', '_customerid_value']);
    expect(parts.orderby).toEqual(['name desc']);
    expect(buildQueryString(parts, ["contains(name,'x')"], { $count: 'true' })).toBe(
      "?$select=salesorderid,name,_customerid_value&$filter=(statecode eq 0) and (contains(name,'x'))&$orderby=name desc&$count=true",
    );
  });
});
