/** Master-data entity sets of API v2.0: companies, customers, contacts, items, locations, setup tables. */
import { errors } from './errors';
import { EMPTY_DATE, EMPTY_GUID, requireEntity, FieldDef } from './metadata';
import { Internal, Navigation, Resource, ServerContext, makeKinds, shape, validateBody, etagOf } from './resource';
import type { Row, Tables, CustomerRow, ContactRow, ItemRow, CodeRow, PaymentTermRow } from './state';
import type { Store } from './store';
import { aging, balanceLcy, onHand, overdueLcy, postItemEntry, round2, totalSalesExclTaxLcy, workDate } from './ledger';
import type { QueryOptions, FilterNode } from './odata';

export interface TableResourceOptions<T extends Row> {
  setName: string;
  table: keyof Tables;
  tableName: string;
  project: (ctx: ServerContext, row: T) => Record<string, unknown>;
  /** Unique business key (code/number) checked on insert and rename. */
  uniqueKey?: keyof T & string;
  /**
   * Fields the projection computes or takes from elsewhere; every other field of the entity is the stored value
   * (tests/businesscentral/indexes.test.ts checks it). Given, queries on stored fields use the store's indexes.
   */
  computed?: string[];
  create?: (ctx: ServerContext, values: Record<string, unknown>) => T;
  apply?: (ctx: ServerContext, row: T, values: Record<string, unknown>, mode: 'create' | 'update') => void;
  beforeDelete?: (ctx: ServerContext, row: T) => void;
  navigations?: Record<string, Navigation>;
  filterRows?: (ctx: ServerContext, rows: T[]) => T[];
}

/** A resource whose rows are one table of the state, with the API page's CRUD flags. */
export function tableResource<T extends Row>(o: TableResourceOptions<T>): Resource {
  const def = requireEntity(o.setName);
  const tracked = !!def.flags.changeTrackingAllowed;
  const rows = (ctx: ServerContext): T[] => {
    const all = ctx.store.tables[o.table] as unknown as T[];
    return o.filterRows ? o.filterRows(ctx, all) : all;
  };
  const checkUnique = (ctx: ServerContext, row: T, value: unknown): void => {
    if (!o.uniqueKey) return;
    const same = o.filterRows ? rows(ctx) : (ctx.store.where(o.table, o.uniqueKey, value) as unknown as T[]);
    if (same.some((r) => r !== row && r[o.uniqueKey!] === value)) throw errors.duplicateKey(o.tableName, `${o.uniqueKey}='${String(value)}'`);
  };
  const resource: Resource = {
    setName: o.setName,
    entityName: def.entityName,
    tableName: o.tableName,
    fields: def.fields,
    kinds: makeKinds(def.fields),
    keyKind: 'guid',
    keyProperty: 'id',
    operations: def.operations,
    changeTracking: tracked,
    navigations: o.navigations,
    list: (ctx) => rows(ctx) as unknown as Internal[],
    get: (ctx, key) => {
      const r = ctx.store.get(o.table, key) as T | undefined;
      return r && (!o.filterRows || o.filterRows(ctx, [r]).length) ? (r as unknown as Internal) : undefined;
    },
    project: (ctx, row) => shape(def.fields, o.project(ctx, row as unknown as T), o.setName),
    etag: (row) => etagOf(row),
  };
  if (o.computed && !o.filterRows) {
    resource.table = o.table;
    resource.rawFields = new Set(def.fields.map((f) => f.name).filter((n) => !o.computed!.includes(n)));
  }
  if (def.flags.insertAllowed && o.create) {
    resource.create = (ctx, body) => {
      const { values } = validateBody(resource, body, 'create');
      const row = o.create!(ctx, values);
      // apply() changes rows in place and may look rows up afterwards: no index from before may answer it.
      ctx.store.changed();
      o.apply?.(ctx, row, values, 'create');
      if (o.uniqueKey) {
        if (!row[o.uniqueKey]) throw errors.dialog(`The field ${o.uniqueKey} of table ${o.tableName} must have a value.`);
        checkUnique(ctx, row, row[o.uniqueKey]);
      }
      row.version = 0;
      ctx.store.insert(o.table, row as never);
      ctx.store.touch(row, tracked ? o.setName : null, 'created');
      return row as unknown as Internal;
    };
  }
  if (def.flags.modifyAllowed && o.apply) {
    resource.update = (ctx, row, body) => {
      const { values } = validateBody(resource, body, 'update');
      if (o.uniqueKey && o.uniqueKey in values) checkUnique(ctx, row as unknown as T, values[o.uniqueKey]);
      ctx.store.changed();
      o.apply!(ctx, row as unknown as T, values, 'update');
      ctx.store.touch(row as unknown as T, tracked ? o.setName : null, 'updated');
      return row;
    };
  }
  if (def.flags.deleteAllowed) {
    resource.remove = (ctx, row) => {
      o.beforeDelete?.(ctx, row as unknown as T);
      ctx.store.remove(o.table, row.id);
      if (tracked) ctx.store.emit({ entitySet: o.setName, id: row.id, changeType: 'deleted', at: ctx.store.stamp() });
    };
  }
  return resource;
}

// ---- helpers ---------------------------------------------------------------------------------------

const pick = (fields: FieldDef[], row: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f.name in extra) out[f.name] = extra[f.name]; else if (f.name in row) out[f.name] = row[f.name];
  return out;
};

function assign(row: Record<string, unknown>, values: Record<string, unknown>, names: string[]): void {
  for (const n of names) if (n in values) row[n] = values[n];
}

function lookupCode<T extends { id: string; code: string }>(store: Store, table: keyof Tables, code: string, tableName: string): T | undefined {
  if (!code) return undefined;
  const r = (store.tables[table] as unknown as T[]).find((x) => x.code === code);
  if (!r) throw errors.relatedNotFound(tableName, `Code='${code}'`);
  return r;
}

function lookupId<T extends { id: string; code: string }>(store: Store, table: keyof Tables, id: string, tableName: string): T | undefined {
  if (!id || id === EMPTY_GUID) return undefined;
  const r = store.get(table, id) as unknown as T | undefined;
  if (!r) throw errors.relatedNotFound(tableName, `Id='${id}'`);
  return r;
}

export function idOfCode(store: Store, table: keyof Tables, code: string): string {
  if (!code) return EMPTY_GUID;
  return ((store.tables[table] as unknown as Array<{ id: string; code: string }>).find((x) => x.code === code)?.id) ?? EMPTY_GUID;
}

/** Currency code as the API shows it: the LCY code for blank. */
export function apiCurrencyCode(store: Store, code: string): string {
  return code || store.state.company.lcy;
}

/** Resolves currencyCode/currencyId from a body to the stored value ('' = LCY). */
export function resolveCurrency(store: Store, values: Record<string, unknown>, current: string): string {
  let code = current;
  if (typeof values.currencyId === 'string') {
    code = values.currencyId === EMPTY_GUID ? '' : lookupId<CodeRow>(store, 'currencies', values.currencyId, 'Currency')!.code;
  }
  if (typeof values.currencyCode === 'string') {
    const c = values.currencyCode.toUpperCase();
    const resolved = c === '' || c === store.state.company.lcy ? '' : lookupCode<CodeRow>(store, 'currencies', c, 'Currency')!.code;
    if (typeof values.currencyId === 'string' && resolved !== code) throw errors.dialog(`The currency code '${c}' does not match the currency id '${values.currencyId}'.`);
    code = resolved;
  }
  return code;
}

function nextNumber(existing: string[], prefix: string, width: number, step = 1): string {
  const max = existing.filter((n) => n.startsWith(prefix)).reduce((m, n) => Math.max(m, Number(n.slice(prefix.length)) || 0), 0);
  return `${prefix}${String(max + step).padStart(width, '0')}`;
}

// ---- simple code tables ------------------------------------------------------------------------------

function codeTable(
  setName: string,
  table: keyof Tables,
  tableName: string,
  extra: (row: CodeRow & Record<string, unknown>) => Record<string, unknown> = () => ({}),
  editable: string[] = [],
  computed: string[] = [],
): Resource {
  const def = requireEntity(setName);
  const names = def.fields.filter((f) => f.editable).map((f) => f.name).concat(editable);
  return tableResource<CodeRow & Record<string, unknown>>({
    setName,
    table,
    tableName,
    uniqueKey: 'code',
    computed,
    project: (_ctx, row) => pick(def.fields, row, extra(row)),
    create: (ctx) => {
      const row = { id: ctx.store.newId(), version: 0, lastModifiedDateTime: '', code: '', displayName: '' } as CodeRow & Record<string, unknown>;
      for (const f of def.fields) if (!(f.name in row) && f.name !== 'id' && f.name !== 'lastModifiedDateTime') row[f.name] = defaultFor(f);
      return row;
    },
    apply: (_ctx, row, values) => {
      assign(row, values, names);
      if (setName === 'paymentTerms' && typeof values.dueDateCalculation === 'string') (row as unknown as PaymentTermRow).dueDays = parseDateFormulaDays(values.dueDateCalculation);
    },
  });
}

function defaultFor(f: FieldDef): unknown {
  if (f.type === 'Decimal' || f.type === 'Integer') return 0;
  if (f.type === 'Boolean') return false;
  if (f.type === 'Guid') return EMPTY_GUID;
  if (f.type === 'Date') return EMPTY_DATE;
  return '';
}

export function parseDateFormulaDays(formula: string): number {
  const m = /^<?(\d+)([DWMY])>?$/i.exec(formula.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  return { D: 1, W: 7, M: 30, Y: 365 }[m[2].toUpperCase() as 'D']! * n;
}

// ---- the resources -----------------------------------------------------------------------------------

export function masterResources(get: (name: string) => Resource): Record<string, Resource> {
  const r: Record<string, Resource> = {};

  const companiesDef = requireEntity('companies');
  r.companies = {
    setName: 'companies', entityName: 'company', tableName: 'Company', fields: companiesDef.fields, kinds: makeKinds(companiesDef.fields),
    keyKind: 'guid', keyProperty: 'id', operations: ['GET'], changeTracking: false,
    list: (ctx) => [{ id: ctx.store.state.company.id }],
    get: (ctx, key) => (key.toLowerCase() === ctx.store.state.company.id ? { id: ctx.store.state.company.id } : undefined),
    project: (ctx) => {
      const c = ctx.store.state.company;
      return shape(companiesDef.fields, {
        id: c.id, systemVersion: '26.3.36158.36321', timestamp: 1, name: c.name, displayName: c.displayName, businessProfileId: c.businessProfileId,
        systemCreatedAt: c.systemCreatedAt, systemCreatedBy: EMPTY_GUID, systemModifiedAt: c.systemCreatedAt, systemModifiedBy: EMPTY_GUID,
      }, 'companies');
    },
  };

  const infoDef = requireEntity('companyInformation');
  r.companyInformation = {
    setName: 'companyInformation', entityName: 'companyInformation', tableName: 'Company Information', fields: infoDef.fields, kinds: makeKinds(infoDef.fields),
    keyKind: 'guid', keyProperty: 'id', operations: infoDef.operations, changeTracking: false,
    list: (ctx) => [ctx.store.state.company.companyInfo as unknown as Internal],
    get: (ctx, key) => (key.toLowerCase() === ctx.store.state.company.companyInfo.id ? (ctx.store.state.company.companyInfo as unknown as Internal) : undefined),
    project: (ctx, row) => shape(infoDef.fields, { ...row, currencyCode: ctx.store.state.company.lcy, currentFiscalYearStartDate: `${workDate(ctx.store).slice(0, 4)}-01-01`, picture: null, experience: 'Essential' }, 'companyInformation'),
    etag: (row) => etagOf(row as never),
    update: (ctx, row, body) => {
      const { values } = validateBody(r.companyInformation, body, 'update');
      Object.assign(row, values);
      ctx.store.touch(row as unknown as Row, null);
      return row;
    },
  };

  const customersDef = requireEntity('customers');
  const customerEditable = ['number', 'displayName', 'type', 'addressLine1', 'addressLine2', 'city', 'state', 'country', 'postalCode', 'phoneNumber', 'email', 'website', 'creditLimit', 'taxLiable', 'taxRegistrationNumber', 'blocked'];
  r.customers = tableResource<CustomerRow>({
    setName: 'customers',
    table: 'customers',
    tableName: 'Customer',
    uniqueKey: 'number',
    computed: ['balanceDue', 'taxAreaId', 'taxAreaDisplayName', 'currencyId', 'currencyCode', 'paymentTermsId', 'shipmentMethodId', 'paymentMethodId'],
    project: (ctx, c) => ({
      ...c,
      balanceDue: balanceLcy(ctx.store, c.number),
      taxAreaId: EMPTY_GUID,
      taxAreaDisplayName: '',
      currencyId: idOfCode(ctx.store, 'currencies', c.currencyCode),
      currencyCode: apiCurrencyCode(ctx.store, c.currencyCode),
      paymentTermsId: idOfCode(ctx.store, 'paymentTerms', c.paymentTermsCode),
      shipmentMethodId: idOfCode(ctx.store, 'shipmentMethods', c.shipmentMethodCode),
      paymentMethodId: idOfCode(ctx.store, 'paymentMethods', c.paymentMethodCode),
    }),
    create: (ctx, values) => {
      if (typeof values.displayName !== 'string' || !values.displayName.trim()) throw errors.dialog('The displayName of the customer must have a value.');
      return {
        id: ctx.store.newId(), version: 0, lastModifiedDateTime: '', number: nextNumber(ctx.store.tables.customers.map((c) => c.number), 'C', 5, 10), displayName: '',
        type: 'Company', addressLine1: '', addressLine2: '', city: '', state: '', country: '', postalCode: '', phoneNumber: '', email: '', website: '', salespersonCode: '',
        creditLimit: 0, taxLiable: false, taxRegistrationNumber: '', currencyCode: '', paymentTermsCode: '', shipmentMethodCode: '', paymentMethodCode: '', blocked: ' ',
        vatPercent: 20, customerPriceGroupCode: 'RETAIL', languageCode: 'FRA',
      };
    },
    apply: (ctx, c, v) => {
      assign(c as unknown as Record<string, unknown>, v, customerEditable);
      if (typeof v.salespersonCode === 'string') {
        if (v.salespersonCode && !ctx.store.tables.salespeople.some((s) => s.code === v.salespersonCode)) throw errors.relatedNotFound('Salesperson/Purchaser', `Code='${String(v.salespersonCode)}'`);
        c.salespersonCode = v.salespersonCode;
      }
      c.currencyCode = resolveCurrency(ctx.store, v, c.currencyCode);
      if (typeof v.paymentTermsId === 'string') c.paymentTermsCode = lookupId<CodeRow>(ctx.store, 'paymentTerms', v.paymentTermsId, 'Payment Terms')?.code ?? '';
      if (typeof v.shipmentMethodId === 'string') c.shipmentMethodCode = lookupId<CodeRow>(ctx.store, 'shipmentMethods', v.shipmentMethodId, 'Shipment Method')?.code ?? '';
      if (typeof v.paymentMethodId === 'string') c.paymentMethodCode = lookupId<CodeRow>(ctx.store, 'paymentMethods', v.paymentMethodId, 'Payment Method')?.code ?? '';
      if (typeof v.creditLimit === 'number' && v.creditLimit < 0) throw errors.fieldValidation(`Credit Limit (LCY) must not be negative in Customer: No.=${c.number}.`);
      if ('displayName' in v && !String(v.displayName).trim()) throw errors.dialog('The displayName of the customer must have a value.');
    },
    beforeDelete: (ctx, c) => {
      if (ctx.store.tables.custLedgerEntries.some((e) => e.customerNumber === c.number && e.open)) {
        throw errors.dialog(`You cannot delete Customer ${c.number} because there are one or more open ledger entries.`);
      }
      const doc = ctx.store.tables.salesDocuments.find((d) => d.customerNumber === c.number && !d.posted);
      if (doc) throw errors.dialog(`You cannot delete Customer ${c.number} because there is at least one outstanding Sales ${doc.kind === 'order' ? 'Order' : doc.kind === 'quote' ? 'Quote' : 'Invoice'} for this customer.`);
    },
    navigations: {
      customerFinancialDetails: { name: 'customerFinancialDetails', target: () => get('customerFinancialDetails'), many: false, single: (_ctx, row) => row },
      agedAccountsReceivable: { name: 'agedAccountsReceivable', target: () => get('agedAccountsReceivables'), many: false, single: (_ctx, row) => ({ id: row.id, customer: row }) },
      currency: { name: 'currency', target: () => get('currencies'), many: false, single: (ctx, row) => ctx.store.tables.currencies.find((c) => c.code === (row as unknown as CustomerRow).currencyCode) as unknown as Internal | undefined },
      paymentTerm: { name: 'paymentTerm', target: () => get('paymentTerms'), many: false, single: (ctx, row) => ctx.store.tables.paymentTerms.find((c) => c.code === (row as unknown as CustomerRow).paymentTermsCode) as unknown as Internal | undefined },
      shipmentMethod: { name: 'shipmentMethod', target: () => get('shipmentMethods'), many: false, single: (ctx, row) => ctx.store.tables.shipmentMethods.find((c) => c.code === (row as unknown as CustomerRow).shipmentMethodCode) as unknown as Internal | undefined },
    },
  });
  void customersDef;

  const cfdDef = requireEntity('customerFinancialDetails');
  r.customerFinancialDetails = {
    setName: 'customerFinancialDetails', entityName: cfdDef.entityName, tableName: 'Customer', fields: cfdDef.fields, kinds: makeKinds(cfdDef.fields),
    keyKind: 'guid', keyProperty: 'id', operations: ['GET'], changeTracking: false,
    list: (ctx) => ctx.store.tables.customers as unknown as Internal[],
    get: (ctx, key) => ctx.store.get('customers', key) as unknown as Internal | undefined,
    project: (ctx, row) => {
      const c = row as unknown as CustomerRow;
      return shape(cfdDef.fields, {
        id: c.id, number: c.number, balance: balanceLcy(ctx.store, c.number), totalSalesExcludingTax: totalSalesExclTaxLcy(ctx.store, c.number),
        overdueAmount: overdueLcy(ctx.store, c.number), lastModifiedDateTime: c.lastModifiedDateTime,
      }, 'customerFinancialDetails');
    },
    etag: (row) => etagOf(row as never),
  };

  const agedDef = requireEntity('agedAccountsReceivables');
  const agedParams = (q?: QueryOptions): { asOf?: string; period?: string } => {
    const out: { asOf?: string; period?: string } = {};
    const visit = (n?: FilterNode): void => {
      if (!n) return;
      if (n.type === 'and') { visit(n.left); visit(n.right); return; }
      if (n.type === 'cmp' && n.op === 'eq' && n.left.type === 'prop' && n.right.type === 'lit') {
        if (n.left.name === 'agedAsOfDate' && n.right.lit.kind === 'date') out.asOf = n.right.lit.value;
        if (n.left.name === 'periodLengthFilter' && n.right.lit.kind === 'string') out.period = n.right.lit.value;
      }
    };
    visit(q?.filter);
    return out;
  };
  const agedRow = (ctx: ServerContext, c: CustomerRow, q?: QueryOptions): Internal => {
    const p = agedParams(q);
    const asOf = p.asOf ?? workDate(ctx.store);
    const period = (p.period ?? '30D').toUpperCase();
    const days = parseDateFormulaDays(period) || 30;
    return { id: c.id, customer: c, asOf, period, days } as unknown as Internal;
  };
  r.agedAccountsReceivables = {
    setName: 'agedAccountsReceivables', entityName: agedDef.entityName, tableName: 'Aged Report Entity', fields: agedDef.fields, kinds: makeKinds(agedDef.fields),
    keyKind: 'guid', keyProperty: 'customerId', operations: ['GET'], changeTracking: false,
    list: (ctx, _parent, q?: QueryOptions) => ctx.store.tables.customers.map((c) => agedRow(ctx, c, q)),
    get: (ctx, key) => {
      const c = ctx.store.get('customers', key);
      return c ? agedRow(ctx, c) : undefined;
    },
    project: (ctx, row) => {
      const x = row as unknown as { customer: CustomerRow; asOf?: string; period?: string; days?: number };
      const asOf = x.asOf ?? workDate(ctx.store);
      const days = x.days ?? 30;
      const a = aging(ctx.store, x.customer.number, asOf, days);
      return shape(agedDef.fields, {
        customerId: x.customer.id, customerNumber: x.customer.number, name: x.customer.displayName, currencyCode: ctx.store.state.company.lcy, ...a,
        period1Label: `1-${days} days`, period2Label: `${days + 1}-${days * 2} days`, period3Label: `Over ${days * 2} days`,
        agedAsOfDate: asOf, periodLengthFilter: x.period ?? `${days}D`,
      }, 'agedAccountsReceivables');
    },
  } as Resource;

  const contactsDef = requireEntity('contacts');
  const contactEditable = ['number', 'type', 'displayName', 'jobTitle', 'addressLine1', 'addressLine2', 'city', 'state', 'country', 'postalCode', 'phoneNumber', 'mobilePhoneNumber', 'email', 'website', 'privacyBlocked', 'taxRegistrationNumber'];
  const relationOf = (ctx: ServerContext, c: ContactRow): string => {
    const company = c.type === 'Company' ? c : ctx.store.where('contacts', 'number', c.companyNumber).find((x) => x.number === c.companyNumber && x.type === 'Company');
    return company?.customerNumber ? 'Customer' : 'None';
  };
  r.contacts = tableResource<ContactRow>({
    setName: 'contacts',
    table: 'contacts',
    tableName: 'Contact',
    uniqueKey: 'number',
    computed: ['contactBusinessRelation', 'searchName', 'lastInteractionDate'],
    project: (ctx, c) => ({ ...c, contactBusinessRelation: relationOf(ctx, c), searchName: c.displayName.toUpperCase().slice(0, 100), lastInteractionDate: EMPTY_DATE }),
    create: (ctx, values) => {
      if (typeof values.displayName !== 'string' || !values.displayName.trim()) throw errors.dialog('The displayName of the contact must have a value.');
      return {
        id: ctx.store.newId(), version: 0, lastModifiedDateTime: '', number: nextNumber(ctx.store.tables.contacts.map((c) => c.number), 'CT', 6, 10), type: 'Company',
        displayName: '', firstName: '', lastName: '', jobTitle: '', companyNumber: '', companyName: '', customerNumber: '', addressLine1: '', addressLine2: '', city: '', state: '',
        country: '', postalCode: '', phoneNumber: '', mobilePhoneNumber: '', email: '', website: '', privacyBlocked: false, taxRegistrationNumber: '',
      };
    },
    apply: (ctx, c, v, mode) => {
      assign(c as unknown as Record<string, unknown>, v, contactEditable);
      if (typeof v.companyNumber === 'string') {
        const company = v.companyNumber ? ctx.store.where('contacts', 'number', v.companyNumber).find((x) => x.number === v.companyNumber && x.type === 'Company') : undefined;
        if (v.companyNumber && !company) throw errors.relatedNotFound('Contact', `No.='${v.companyNumber}'`);
        c.companyNumber = company?.number ?? '';
        c.companyName = company?.displayName ?? '';
        c.customerNumber = company?.customerNumber ?? '';
      }
      if (c.type === 'Company') {
        if (mode === 'create' && !c.companyNumber) c.companyNumber = c.number;
        c.companyName = c.displayName;
      } else {
        const [first, ...rest] = c.displayName.split(' ');
        c.firstName = first ?? '';
        c.lastName = rest.join(' ');
      }
    },
  });
  void contactsDef;

  const ccDef = requireEntity('customerContacts');
  const customerContact = (ctx: ServerContext, c: ContactRow): Record<string, unknown> => {
    const customer = ctx.store.where('customers', 'number', c.customerNumber).find((x) => x.number === c.customerNumber);
    return { id: c.id, email: c.email, firstName: c.firstName, lastName: c.lastName, professionalTitle: c.jobTitle, customerId: customer?.id ?? EMPTY_GUID, customerName: customer?.displayName ?? '', primaryPhoneNumber: c.phoneNumber };
  };
  const isCustomerPerson = (ctx: ServerContext, c: ContactRow): boolean => c.type === 'Person' && !!c.customerNumber && ctx.store.where('customers', 'number', c.customerNumber).some((x) => x.number === c.customerNumber);
  r.customerContacts = {
    setName: 'customerContacts', entityName: ccDef.entityName, tableName: 'Contact', fields: ccDef.fields, kinds: makeKinds(ccDef.fields),
    keyKind: 'guid', keyProperty: 'id', operations: ['GET'], changeTracking: true,
    list: (ctx) => ctx.store.tables.contacts.filter((c) => isCustomerPerson(ctx, c)) as unknown as Internal[],
    get: (ctx, key) => {
      const c = ctx.store.get('contacts', key);
      return c && isCustomerPerson(ctx, c) ? (c as unknown as Internal) : undefined;
    },
    project: (ctx, row) => shape(ccDef.fields, customerContact(ctx, row as unknown as ContactRow), 'customerContacts'),
    etag: (row) => etagOf(row as never),
  };

  const itemEditable = ['number', 'displayName', 'displayName2', 'type', 'blocked', 'gtin', 'unitPrice', 'priceIncludesTax', 'unitCost', 'taxGroupCode', 'generalProductPostingGroupCode', 'inventoryPostingGroupCode'];
  r.items = tableResource<ItemRow>({
    setName: 'items',
    table: 'items',
    tableName: 'Item',
    uniqueKey: 'number',
    computed: ['itemCategoryId', 'inventory', 'taxGroupId', 'baseUnitOfMeasureId', 'generalProductPostingGroupId', 'inventoryPostingGroupId'],
    project: (ctx, i) => ({
      ...i,
      itemCategoryId: idOfCode(ctx.store, 'itemCategories', i.itemCategoryCode),
      inventory: i.type === 'Inventory' ? onHand(ctx.store, i.number) : 0,
      taxGroupId: EMPTY_GUID,
      baseUnitOfMeasureId: idOfCode(ctx.store, 'unitsOfMeasure', i.baseUnitOfMeasureCode),
      generalProductPostingGroupId: EMPTY_GUID,
      inventoryPostingGroupId: EMPTY_GUID,
    }),
    create: (ctx, values) => {
      if ('inventory' in values) throw errors.dialog('The inventory of an item cannot be set when the item is created. Create the item first, then change its inventory.');
      return {
        id: ctx.store.newId(), version: 0, lastModifiedDateTime: '', number: nextNumber(ctx.store.tables.items.map((i) => i.number), 'ITM-', 4), displayName: '', displayName2: '',
        type: 'Inventory', itemCategoryCode: '', blocked: false, gtin: '', unitPrice: 0, priceIncludesTax: false, unitCost: 0, taxGroupCode: 'GOODS', baseUnitOfMeasureCode: 'PCS',
        generalProductPostingGroupCode: 'RETAIL', inventoryPostingGroupCode: 'RESALE',
      };
    },
    apply: (ctx, i, v) => {
      assign(i as unknown as Record<string, unknown>, v, itemEditable);
      if (typeof v.itemCategoryId === 'string') i.itemCategoryCode = lookupId<CodeRow>(ctx.store, 'itemCategories', v.itemCategoryId, 'Item Category')?.code ?? '';
      if (typeof v.itemCategoryCode === 'string') i.itemCategoryCode = lookupCode<CodeRow>(ctx.store, 'itemCategories', v.itemCategoryCode, 'Item Category')?.code ?? '';
      if (typeof v.baseUnitOfMeasureId === 'string') i.baseUnitOfMeasureCode = lookupId<CodeRow>(ctx.store, 'unitsOfMeasure', v.baseUnitOfMeasureId, 'Unit of Measure')?.code ?? '';
      if (typeof v.baseUnitOfMeasureCode === 'string') i.baseUnitOfMeasureCode = lookupCode<CodeRow>(ctx.store, 'unitsOfMeasure', v.baseUnitOfMeasureCode, 'Unit of Measure')?.code ?? '';
      for (const k of ['taxGroupId', 'generalProductPostingGroupId', 'inventoryPostingGroupId']) {
        if (typeof v[k] === 'string' && v[k] !== EMPTY_GUID) throw errors.relatedNotFound(k.replace(/Id$/, ''), `Id='${String(v[k])}'`);
      }
      if (typeof v.inventory === 'number') {
        if (i.type !== 'Inventory') throw errors.fieldValidation(`Type must be equal to 'Inventory'  in Item: No.=${i.number}. Current value is '${i.type}'.`);
        const delta = round2(v.inventory - onHand(ctx.store, i.number));
        // BC posts an item journal adjustment without a location for the difference.
        if (delta !== 0) {
          postItemEntry(ctx.store, {
            itemNumber: i.number, postingDate: workDate(ctx.store), entryType: delta > 0 ? 'Positive Adjmt.' : 'Negative Adjmt.', sourceType: ' ', sourceNumber: '',
            documentType: ' ', documentNumber: 'API', description: i.displayName, locationCode: '', unitOfMeasureCode: i.baseUnitOfMeasureCode, quantity: delta,
            costAmountActual: round2(delta * i.unitCost), salesAmountActual: 0,
          });
        }
      }
    },
    beforeDelete: (ctx, i) => {
      const doc = ctx.store.tables.salesDocuments.find((d) => !d.posted && d.lines.some((l) => l.lineType === 'Item' && l.lineObjectNumber === i.number));
      if (doc) throw errors.dialog(`You cannot delete Item ${i.number} because there is at least one outstanding Sales ${doc.kind === 'order' ? 'Order' : doc.kind === 'quote' ? 'Quote' : 'Invoice'} that includes this item.`);
      if (ctx.store.tables.itemLedgerEntries.some((e) => e.itemNumber === i.number)) throw errors.dialog(`You cannot delete Item ${i.number} because it has ledger entries in a fiscal year that has not been closed yet.`);
    },
    navigations: {
      baseUnitOfMeasure: { name: 'baseUnitOfMeasure', target: () => get('unitsOfMeasure'), many: false, single: (ctx, row) => ctx.store.tables.unitsOfMeasure.find((u) => u.code === (row as unknown as ItemRow).baseUnitOfMeasureCode) as unknown as Internal | undefined },
      itemVariants: { name: 'itemVariants', target: () => get('itemVariants'), many: true, list: () => [] },
    },
  });

  const ivDef = requireEntity('itemVariants');
  r.itemVariants = {
    setName: 'itemVariants', entityName: ivDef.entityName, tableName: 'Item Variant', fields: ivDef.fields, kinds: makeKinds(ivDef.fields),
    keyKind: 'guid', keyProperty: 'id', operations: ['GET'], changeTracking: false,
    list: () => [], get: () => undefined, project: () => ({}),
  };

  const ileDef = requireEntity('itemLedgerEntries');
  r.itemLedgerEntries = tableResource({
    setName: 'itemLedgerEntries',
    table: 'itemLedgerEntries',
    tableName: 'Item Ledger Entry',
    computed: [],
    project: (_ctx, e: import('./state').ItemLedgerRow) => pick(ileDef.fields, e as unknown as Record<string, unknown>, { entryNumber: e.entryNumber }),
  });

  r.locations = codeTable('locations', 'locations', 'Location');
  r.unitsOfMeasure = codeTable('unitsOfMeasure', 'unitsOfMeasure', 'Unit of Measure');
  r.currencies = codeTable('currencies', 'currencies', 'Currency');
  r.paymentTerms = codeTable('paymentTerms', 'paymentTerms', 'Payment Terms');
  r.shipmentMethods = codeTable('shipmentMethods', 'shipmentMethods', 'Shipment Method');
  r.paymentMethods = codeTable('paymentMethods', 'paymentMethods', 'Payment Method');
  r.itemCategories = codeTable('itemCategories', 'itemCategories', 'Item Category');
  r.countriesRegions = codeTable('countriesRegions', 'countriesRegions', 'Country/Region', (row) => ({ addressFormat: row.addressFormat ?? 'Post Code+City' }), [], ['addressFormat']);
  r.salespeoplePurchasers = codeTable('salespeoplePurchasers', 'salespeople', 'Salesperson/Purchaser');
  return r;
}
