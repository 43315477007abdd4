/**
 * The Dataverse side of the demo company (sandbox/seed): organization, currencies, units, price lists, products,
 * accounts, contacts, users with their roles, the ERP connection and couplings, a few orders and quotes, the SDK
 * message filters webhooks register against, and main forms. Deterministic: same demo data, same rows and ids.
 *
 * Deliberate cases for demos and tests (see SeedInfo): one product and one account that exist in both systems by
 * number but are not coupled (erp_itemnumber / erp_customernumber empty, no erp_coupling row), an order that uses
 * that product, an order with a write-in line, a product that exists only in Sales.
 */
import { userSettingsForZone } from './timeZones';
import { ErpEntitySets as E, Roles } from '../../domain/schema';
import type { DemoCompany } from '../seed';
import { stableId } from './actions';
import type { Engine, RequestContext } from './engine';
import type { TableDef } from './metadata/types';
import type { LookupValue, Row, Value } from './store';
import { BUILTIN_ROLE_IDS, ORGANIZATION_ID, ROOT_BUSINESS_UNIT_ID, type DataverseUser } from './security';
import { mainForms } from './forms';
import { seedPostConfigs } from './activityFeeds';
import { derivedErpId } from '../../domain/mappings/erpIds';

export interface SeedInfo {
  organizationId: string;
  currencies: Record<string, string>;
  unitGroupId: string;
  units: Record<string, string>;
  priceLists: Record<string, string>;
  /** productnumber → productid */
  products: Record<string, string>;
  /** accountnumber → accountid */
  accounts: Record<string, string>;
  connectionId: string | null;
  uncoupledProduct: { productid: string; productnumber: string } | null;
  uncoupledAccount: { accountid: string; accountnumber: string } | null;
  /** A product that exists only in Sales (no ERP item with its number). */
  salesOnlyProduct: { productid: string; productnumber: string };
  orders: { ready: string; uncoupledProduct: string | null; writeIn: string; submitted: string };
  quotes: { draft: string; active: string };
}

export interface DefaultUserPlan {
  key: string;
  seedEmail?: string;
  fullName: string;
  firstName: string;
  lastName: string;
  email: string;
  roleIds: string[];
  isIntegrationUser: boolean;
  languageId: 1033 | 1036;
  salespersonCode: string | null;
  applicationUser?: boolean;
}

const ERP_USER = Roles.user.id;
const ERP_ADMIN = Roles.administrator.id;
const ERP_AVAILABILITY = Roles.availabilityUser.id;

/** Users the stand-in creates: the demo's Sales users plus the connector's application user. */
export function defaultUsers(demo: DemoCompany | undefined, domain = 'equipements-alpins.example'): DefaultUserPlan[] {
  const plans: DefaultUserPlan[] = [];
  const users = demo?.users ?? [];
  const keyFor = (u: DemoCompany['users'][number]) => {
    if (u.roleHint === 'administrator') return 'admin';
    if (u.roleHint === 'availabilityOnly') return 'availability';
    if (u.roleHint === 'salesManager') return 'manager';
    return u.salespersonCode === users.find((x) => x.roleHint === 'salesperson')?.salespersonCode ? 'salesperson' : (u.salespersonCode ?? u.email).toLowerCase();
  };
  for (const u of users) {
    const key = keyFor(u);
    const roleIds =
      u.roleHint === 'administrator'
        ? [BUILTIN_ROLE_IDS.systemAdministrator]
        : u.roleHint === 'availabilityOnly'
          ? [BUILTIN_ROLE_IDS.salesReadOnly, ERP_AVAILABILITY]
          : [BUILTIN_ROLE_IDS.salesperson, ERP_USER];
    plans.push({ key, fullName: u.fullName, firstName: u.firstName, lastName: u.lastName, email: u.email, roleIds, isIntegrationUser: false, languageId: u.languageId, salespersonCode: u.salespersonCode });
  }
  if (!plans.some((p) => p.key === 'admin'))
    plans.push({ key: 'admin', fullName: 'Alex Morgan', firstName: 'Alex', lastName: 'Morgan', email: `alex.morgan@${domain}`, roleIds: [BUILTIN_ROLE_IDS.systemAdministrator], isIntegrationUser: false, languageId: 1033, salespersonCode: null });
  if (!plans.some((p) => p.key === 'salesperson'))
    plans.push({ key: 'salesperson', fullName: 'Camille Martin', firstName: 'Camille', lastName: 'Martin', email: `camille.martin@${domain}`, roleIds: [BUILTIN_ROLE_IDS.salesperson, ERP_USER], isIntegrationUser: false, languageId: 1036, salespersonCode: null });
  if (!plans.some((p) => p.key === 'availability'))
    plans.push({ key: 'availability', fullName: 'Léa Petit', firstName: 'Léa', lastName: 'Petit', email: `lea.petit@${domain}`, roleIds: [BUILTIN_ROLE_IDS.salesReadOnly, ERP_AVAILABILITY], isIntegrationUser: false, languageId: 1036, salespersonCode: null });
  // A salesperson without any ERP role: sees Sales as Microsoft ships it, and none of the ERP commands.
  if (!plans.some((p) => p.key === 'noerp'))
    plans.push({ key: 'noerp', fullName: 'Noé Girard', firstName: 'Noé', lastName: 'Girard', email: `noe.girard@${domain}`, roleIds: [BUILTIN_ROLE_IDS.salesperson], isIntegrationUser: false, languageId: 1036, salespersonCode: null });
  plans.push({
    key: 'integration',
    fullName: '# ERP Link Integration',
    firstName: '#',
    lastName: 'ERP Link Integration',
    email: `erp-link-integration@${domain}`,
    // ERP Integration Administrator only: everything the connector writes, including the choices the
    // synchronisation adds (prvWriteOptionSet, prvPublishCustomization). See docs/solution.md, "Security roles".
    roleIds: [ERP_ADMIN],
    isIntegrationUser: true,
    languageId: 1033,
    salespersonCode: null,
    applicationUser: true,
  });
  return plans;
}

/** Rows every environment has: organization, business unit, currencies, SDK messages, built-in roles. */
export function seedPlatform(engine: Engine, ctx: RequestContext, opts: { organizationName: string; baseCurrency: { code: string; name: string; symbol: string } }): void {
  const t = (n: string) => engine.catalog.table(n)!;
  engine.upsertRaw(ctx, t('businessunit'), ROOT_BUSINESS_UNIT_ID, { name: opts.organizationName });
  const eur = stableId(`currency:${opts.baseCurrency.code}`);
  engine.upsertRaw(ctx, t('transactioncurrency'), eur, { isocurrencycode: opts.baseCurrency.code, currencyname: opts.baseCurrency.name, currencysymbol: opts.baseCurrency.symbol, exchangerate: 1, currencyprecision: 2 });
  engine.upsertRaw(ctx, t('organization'), ORGANIZATION_ID, { name: opts.organizationName, languagecode: 1033, localeid: 1036, issopintegrationenabled: true, basecurrencyid: { id: eur, table: 'transactioncurrency' } });
  for (const [id, name] of [
    [BUILTIN_ROLE_IDS.systemAdministrator, 'System Administrator'],
    [BUILTIN_ROLE_IDS.salesperson, 'Salesperson'],
    [BUILTIN_ROLE_IDS.salesReadOnly, 'Sales Read-Only'],
    [BUILTIN_ROLE_IDS.systemCustomizer, 'System Customizer'],
  ])
    engine.upsertRaw(ctx, t('role'), id, { name, businessunitid: { id: ROOT_BUSINESS_UNIT_ID, table: 'businessunit' } });
  for (const name of ['Create', 'Update', 'Delete', 'Retrieve', 'RetrieveMultiple', 'Assign', 'SetState', 'Associate', 'Disassociate'])
    engine.upsertRaw(ctx, t('sdkmessage'), stableId(`sdkmessage:${name}`), { name, categoryname: name === 'Create' || name === 'Update' || name === 'Delete' ? 'Create' : 'Retrieve' });
  ensureMessageFilters(engine, ctx);
  seedPostConfigs(engine, ctx);
}

/** One sdkmessagefilter per table and Create/Update/Delete, as the platform has for every table (also after an import). */
export function ensureMessageFilters(engine: Engine, ctx: RequestContext): void {
  const t = engine.catalog.table('sdkmessagefilter')!;
  for (const table of engine.catalog.tables.values()) {
    for (const message of ['Create', 'Update', 'Delete']) {
      const id = stableId(`sdkmessagefilter:${message}:${table.logicalName}`);
      if (engine.store.get('sdkmessagefilter', id)) continue;
      engine.upsertRaw(ctx, t, id, {
        name: `${message} of ${table.logicalName}`,
        sdkmessageid: { id: stableId(`sdkmessage:${message}`), table: 'sdkmessage' },
        primaryobjecttypecode: table.logicalName,
        secondaryobjecttypecode: 'none',
        iscustomprocessingstepallowed: true,
        availability: 0,
      });
    }
  }
}

export function seedUsers(engine: Engine, ctx: RequestContext, users: DataverseUser[], plans: Map<string, DefaultUserPlan>): void {
  const t = (n: string) => engine.catalog.table(n)!;
  for (const u of users) {
    const plan = plans.get(u.key);
    const [first, ...rest] = u.fullName.split(' ');
    engine.upsertRaw(ctx, t('systemuser'), u.id, {
      firstname: plan?.firstName ?? first,
      lastname: plan?.lastName ?? rest.join(' '),
      internalemailaddress: u.email,
      domainname: u.email,
      isintegrationuser: u.isIntegrationUser,
      isdisabled: false,
      applicationid: plan?.applicationUser ? stableId(`application:${u.key}`) : null,
      businessunitid: { id: ROOT_BUSINESS_UNIT_ID, table: 'businessunit' },
    });
    engine.upsertRaw(ctx, t('usersettings'), u.id, { uilanguageid: u.languageId, localeid: u.languageId, helplanguageid: u.languageId, ...userSettingsForZone(105) });
    for (const roleId of u.roleIds) {
      const linkId = stableId(`systemuserrole:${u.id}:${roleId}`);
      engine.store.put('systemuserroles', linkId, { systemuserroleid: linkId, systemuserid: u.id, roleid: roleId });
    }
  }
}

const lk = (table: string, id: string | undefined | null): LookupValue | null => (id ? { id, table } : null);

/** Sets `column` only when the table has it (the ERP columns exist once the solution is loaded or imported). */
function withColumns(table: TableDef, values: Record<string, Value | undefined>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && table.columns.has(k)) out[k] = v;
  return out;
}

export function seedDemo(engine: Engine, ctx: RequestContext, demo: DemoCompany, users: DataverseUser[], opts: { connection?: { apiBaseUrl?: string; webClientUrl?: string } }): SeedInfo {
  const t = (n: string) => engine.catalog.table(n)!;
  const put = (table: string, id: string, values: Record<string, Value | undefined>) => engine.upsertRaw(ctx, t(table), id, withColumns(t(table), values));
  const userBySalesperson = new Map(users.filter((u) => u.salespersonCode).map((u) => [u.salespersonCode!, u]));
  const admin = users.find((u) => u.key === 'admin')!;
  const stampOf = (iso: string) => (iso.length === 10 ? `${iso}T08:00:00Z` : iso.replace(/\.\d{3}Z$/, 'Z'));

  // Currencies (the base currency was created with the platform).
  const currencies: Record<string, string> = {};
  for (const c of demo.currencies) {
    currencies[c.code] = stableId(`currency:${c.code}`);
    put('transactioncurrency', currencies[c.code], { isocurrencycode: c.code, currencyname: c.displayName, currencysymbol: c.symbol, exchangerate: c.exchangeRate, currencyprecision: 2 });
  }
  const cur = (code: string) => lk('transactioncurrency', currencies[code] ?? currencies.EUR);

  // One unit group holding every ERP unit of measure.
  const unitGroupId = stableId('uomschedule:default');
  put('uomschedule', unitGroupId, { name: 'Unités ERP / ERP units', baseuomname: demo.unitsOfMeasure[0]?.code ?? 'PCS', description: 'Units of measure of the ERP (coupled by code).' });
  const units: Record<string, string> = {};
  for (const u of demo.unitsOfMeasure) {
    units[u.code] = stableId(`uom:${u.code}`);
    put('uom', units[u.code], { name: u.code, uomscheduleid: lk('uomschedule', unitGroupId), quantity: 1, baseuom: units[demo.unitsOfMeasure[0].code] === units[u.code] ? null : lk('uom', units[demo.unitsOfMeasure[0].code]) });
  }

  // Price lists: a standard list in EUR with every product, plus the ERP lists.
  const priceLists: Record<string, string> = {};
  priceLists.STANDARD = stableId('pricelevel:STANDARD');
  put('pricelevel', priceLists.STANDARD, { name: 'Standard (EUR)', description: 'List prices of the ERP in EUR.', transactioncurrencyid: cur('EUR') });
  for (const pl of demo.priceLists) {
    priceLists[pl.code] = stableId(`pricelevel:${pl.code}`);
    // Named by code, as the PRICE LIST mapping names and matches them (a second full synchronisation finds them).
    put('pricelevel', priceLists[pl.code], { name: pl.code, description: pl.description, transactioncurrencyid: cur(pl.currencyCode), begindate: pl.startingDate });
  }

  // Products: items and resources in Sales; blocked items are Retired.
  const onHand = new Map<string, number>();
  for (const e of demo.itemLedgerEntries) if (e.open) onHand.set(e.itemNumber, (onHand.get(e.itemNumber) ?? 0) + e.remainingQuantity);
  const products: Record<string, string> = {};
  const sellable = demo.items.filter((i) => i.inSales);
  const uncoupledItem = [...sellable].reverse().find((i) => i.type === 'Inventory' && !i.blocked);
  for (const i of sellable) {
    const id = stableId(`product:${i.number}`);
    products[i.number] = id;
    const coupled = i !== uncoupledItem;
    put('product', id, {
      name: i.displayName,
      productnumber: i.number,
      description: i.displayName2,
      producttypecode: i.type === 'Inventory' ? 1 : i.type === 'Service' ? 3 : 2,
      productstructure: 1,
      defaultuomscheduleid: lk('uomschedule', unitGroupId),
      defaultuomid: lk('uom', units[i.baseUnitOfMeasureCode]),
      pricelevelid: lk('pricelevel', priceLists.STANDARD),
      price: i.unitPrice,
      standardcost: i.unitCost,
      currentcost: i.unitCost,
      quantityonhand: i.type === 'Inventory' ? (onHand.get(i.number) ?? 0) : 0,
      quantitydecimal: i.baseUnitOfMeasureCode === 'M' ? 2 : 0,
      isstockitem: i.type === 'Inventory',
      transactioncurrencyid: cur('EUR'),
      erp_itemnumber: coupled ? i.number : undefined,
    });
    if (i.blocked) engine.upsertRaw(ctx, t('product'), id, { statecode: 1, statuscode: 2 });
  }
  for (const r of demo.resources.filter((x) => x.inSales)) {
    const id = stableId(`product:${r.number}`);
    products[r.number] = id;
    put('product', id, {
      name: r.name, productnumber: r.number, description: r.nameFr, producttypecode: 3, productstructure: 1,
      defaultuomscheduleid: lk('uomschedule', unitGroupId), defaultuomid: lk('uom', units[r.baseUnitOfMeasureCode]), pricelevelid: lk('pricelevel', priceLists.STANDARD),
      price: r.unitPrice, standardcost: r.unitCost, currentcost: r.unitCost, quantityonhand: 0, quantitydecimal: 2, isstockitem: false, transactioncurrencyid: cur('EUR'),
      erp_itemnumber: r.number,
    });
  }
  const salesOnly = { productid: stableId('product:CRM-ENGRAVING'), productnumber: 'CRM-ENGRAVING' };
  put('product', salesOnly.productid, {
    name: 'Custom laser engraving', productnumber: salesOnly.productnumber, description: 'Gravure laser personnalisée (Sales only, not in the ERP)', producttypecode: 3, productstructure: 1,
    defaultuomscheduleid: lk('uomschedule', unitGroupId), defaultuomid: lk('uom', units.PCS ?? Object.values(units)[0]), pricelevelid: lk('pricelevel', priceLists.STANDARD),
    price: 12.5, quantityonhand: 0, quantitydecimal: 0, isstockitem: false, transactioncurrencyid: cur('EUR'),
  });
  products[salesOnly.productnumber] = salesOnly.productid;

  const pplPut = (listKey: string, number: string, uom: string, amount: number, currency: string) => {
    const productId = products[number];
    if (!productId || !units[uom]) return;
    put('productpricelevel', stableId(`ppl:${listKey}:${number}:${uom}`), {
      pricelevelid: lk('pricelevel', priceLists[listKey]), productid: lk('product', productId), uomid: lk('uom', units[uom]), uomscheduleid: lk('uomschedule', unitGroupId),
      amount, pricingmethodcode: 1, quantitysellingcode: 1, transactioncurrencyid: cur(currency),
    });
  };
  for (const i of sellable) pplPut('STANDARD', i.number, i.baseUnitOfMeasureCode, i.unitPrice, 'EUR');
  for (const r of demo.resources.filter((x) => x.inSales)) pplPut('STANDARD', r.number, r.baseUnitOfMeasureCode, r.unitPrice, 'EUR');
  pplPut('STANDARD', salesOnly.productnumber, 'PCS', 12.5, 'EUR');
  for (const pl of demo.priceLists) for (const l of pl.lines.filter((x) => x.minimumQuantity <= 1)) pplPut(pl.code, l.itemNumber, l.unitOfMeasureCode, l.unitPrice, pl.currencyCode);

  // Accounts and their people.
  const accounts: Record<string, string> = {};
  const inSales = demo.customers.filter((c) => c.inSales);
  const uncoupledCustomer = [...inSales].reverse().find((c) => c.blocked === ' ');
  const listFor = (currency: string, group: string) =>
    currency === 'CHF' ? priceLists.S00002 : currency === 'USD' ? priceLists.S00003 : group === 'TRADE' && priceLists.S00001 ? priceLists.S00001 : priceLists.STANDARD;
  for (const c of inSales) {
    const id = stableId(`account:${c.number}`);
    accounts[c.number] = id;
    const owner = userBySalesperson.get(c.salespersonCode) ?? admin;
    put('account', id, {
      name: c.displayName,
      accountnumber: c.number,
      erp_customernumber: c === uncoupledCustomer ? undefined : c.number,
      customertypecode: 3,
      telephone1: c.phoneNumber,
      emailaddress1: c.email,
      websiteurl: c.website,
      address1_line1: c.addressLine1,
      address1_line2: c.addressLine2 || null,
      address1_city: c.city,
      address1_postalcode: c.postalCode,
      address1_stateorprovince: c.state || null,
      address1_country: c.country,
      creditlimit: c.creditLimit,
      creditonhold: c.blocked === 'All',
      transactioncurrencyid: cur(c.currencyCode),
      defaultpricelevelid: lk('pricelevel', listFor(c.currencyCode, c.customerPriceGroupCode)),
      ownerid: lk('systemuser', owner.id),
    });
  }
  for (const p of demo.contacts.filter((x) => x.type === 'Person')) {
    const accountId = accounts[p.customerNumber];
    if (!accountId) continue;
    const customer = demo.customers.find((c) => c.number === p.customerNumber)!;
    put('contact', stableId(`contact:${p.number}`), {
      firstname: p.firstName, lastname: p.lastName, jobtitle: p.jobTitle, emailaddress1: p.email, telephone1: p.phoneNumber, mobilephone: p.mobilePhoneNumber,
      address1_line1: p.addressLine1, address1_city: p.city, address1_postalcode: p.postalCode, address1_country: p.country,
      parentcustomerid: lk('account', accountId), transactioncurrencyid: cur(customer.currencyCode),
      ownerid: lk('systemuser', (userBySalesperson.get(customer.salespersonCode) ?? admin).id),
    });
  }

  // The ERP connection and the couplings the connector reads.
  let connectionId: string | null = null;
  if (engine.catalog.table('erp_connection')) {
    connectionId = stableId('erp_connection:default');
    const writeIn = demo.items.find((i) => i.type === 'Non-Inventory' && i.inSales);
    put('erp_connection', connectionId, {
      erp_name: `Business Central – ${demo.company.displayName}`,
      erp_erpkind: 719250000,
      erp_apibaseurl: opts.connection?.apiBaseUrl ?? null,
      erp_companyid: demo.company.id,
      erp_webclienturl: opts.connection?.webClientUrl ?? null,
      erp_isdefault: true,
      erp_autocreateorders: false,
      erp_autoprocessquotes: false,
      erp_writeinproducttype: 719250000,
      erp_writeinproductnumber: writeIn?.number ?? null,
      erp_availabilityinterval: 30,
      erp_statisticsinterval: 30,
    });
  }
  if (engine.catalog.table('erp_coupling')) {
    const couple = (crmTable: string, crmId: string, erpEntity: string, erpId: string, erpNumber: string, name: string) =>
      put('erp_coupling', stableId(`coupling:${crmTable}:${crmId}`), {
        erp_name: name, erp_crmtable: crmTable, erp_crmid: crmId, erp_erpentity: erpEntity, erp_erpid: erpId, erp_erpnumber: erpNumber,
        erp_direction: 719250000, erp_lastsyncedon: stampOf(demo.workDate), erp_skipped: false, erp_connectionid: lk('erp_connection', connectionId),
      });
    for (const c of inSales) if (c !== uncoupledCustomer) couple('account', accounts[c.number], E.customer, c.id, c.number, `${c.number} ${c.displayName}`.slice(0, 200));
    for (const i of sellable) if (i !== uncoupledItem) couple('product', products[i.number], E.item, i.id, i.number, `${i.number} ${i.displayName}`.slice(0, 200));
    for (const r of demo.resources.filter((x) => x.inSales)) couple('product', products[r.number], E.resource, derivedErpId('resources', [r.number]), r.number, `${r.number} ${r.name}`);
    for (const u of demo.unitsOfMeasure) couple('uom', units[u.code], E.unitOfMeasure, u.id, u.code, u.code);
    for (const c of demo.currencies) couple('transactioncurrency', currencies[c.code], E.currency, c.id, c.code, c.code);
    for (const sp of demo.salespeople) {
      const u = userBySalesperson.get(sp.code);
      if (u) couple('systemuser', u.id, E.salesperson, sp.id, sp.code, `${sp.code} ${sp.displayName}`);
    }
    for (const pl of demo.priceLists) // Resources and price lists come from standard sources without a GUID: the connector derives their ids from the key.
    couple('pricelevel', priceLists[pl.code], E.priceList, derivedErpId('priceLists', [pl.code]), pl.code, `${pl.code} ${pl.description}`);
  }

  // Orders and quotes to demo with, owned by the first salesperson.
  const salesperson = users.find((u) => u.key === 'salesperson') ?? admin;
  const myCustomers = inSales.filter((c) => userBySalesperson.get(c.salespersonCode)?.id === salesperson.id && c.blocked === ' ' && c !== uncoupledCustomer);
  const custA = myCustomers[0] ?? inSales[0];
  const custB = myCustomers[1] ?? inSales[1];
  const stocked = sellable.filter((i) => i.type === 'Inventory' && !i.blocked && i !== uncoupledItem);
  const header = (name: string, c: typeof custA, day: number) => ({
    name,
    customerid: lk('account', accounts[c.number]),
    transactioncurrencyid: cur(c.currencyCode),
    pricelevelid: lk('pricelevel', listFor(c.currencyCode, c.customerPriceGroupCode)),
    requestdeliveryby: addDaysIso(demo.workDate, day),
    ownerid: lk('systemuser', salesperson.id),
    shipto_line1: c.addressLine1,
    shipto_city: c.city,
    shipto_postalcode: c.postalCode,
    shipto_country: c.country,
  });
  const line = (table: 'salesorderdetail' | 'quotedetail', parent: string, parentId: string, n: number, values: Record<string, Value | undefined>) =>
    put(table, stableId(`${table}:${parentId}:${n}`), { [`${parent}id`]: lk(parent, parentId), sequencenumber: n, ...values });
  const productLine = (i: (typeof stocked)[number], qty: number) => ({ productid: lk('product', products[i.number]), uomid: lk('uom', units[i.baseUnitOfMeasureCode]), quantity: qty });

  const ready = stableId('salesorder:ready');
  put('salesorder', ready, header(`Réassort chantier ${custA.city}`, custA, 14));
  stocked.slice(0, 3).forEach((i, n) => line('salesorderdetail', 'salesorder', ready, n + 1, productLine(i, 2 + n * 3)));

  let uncoupledOrder: string | null = null;
  if (uncoupledItem) {
    uncoupledOrder = stableId('salesorder:uncoupled');
    put('salesorder', uncoupledOrder, header(`Nouveautés éclairage ${custB.city}`, custB, 21));
    line('salesorderdetail', 'salesorder', uncoupledOrder, 1, productLine(stocked[3], 4));
    line('salesorderdetail', 'salesorder', uncoupledOrder, 2, productLine(uncoupledItem, 6));
  }

  const writeIn = stableId('salesorder:writein');
  put('salesorder', writeIn, { ...header(`Commande avec article hors catalogue`, custA, 10), description: 'Order with a write-in line for the demo.' });
  line('salesorderdetail', 'salesorder', writeIn, 1, productLine(stocked[4], 1));
  line('salesorderdetail', 'salesorder', writeIn, 2, { productdescription: 'Support mural sur mesure (hors catalogue)', quantity: 2, priceperunit: 149, ispriceoverridden: true });

  const submitted = stableId('salesorder:submitted');
  put('salesorder', submitted, header(`Équipement atelier ${custB.city}`, custB, 7));
  stocked.slice(5, 7).forEach((i, n) => line('salesorderdetail', 'salesorder', submitted, n + 1, productLine(i, 5)));
  engine.upsertRaw(ctx, t('salesorder'), submitted, { statecode: 1, statuscode: 3 });

  const draftQuote = stableId('quote:draft');
  put('quote', draftQuote, { ...header(`Devis renouvellement EPI ${custA.city}`, custA, 30), effectivefrom: demo.workDate, effectiveto: addDaysIso(demo.workDate, 30) });
  stocked.slice(7, 9).forEach((i, n) => line('quotedetail', 'quote', draftQuote, n + 1, productLine(i, 10)));
  const activeQuote = stableId('quote:active');
  put('quote', activeQuote, { ...header(`Devis outillage ${custB.city}`, custB, 45), effectivefrom: demo.workDate, effectiveto: addDaysIso(demo.workDate, 45) });
  stocked.slice(9, 11).forEach((i, n) => line('quotedetail', 'quote', activeQuote, n + 1, productLine(i, 3)));
  engine.upsertRaw(ctx, t('quote'), activeQuote, { statecode: 1, statuscode: 2 });

  for (const f of mainForms()) put('systemform', f.formId, { name: f.name, objecttypecode: f.table, type: 2, formxml: f.formXml, formactivationstate: 1, isdefault: true });

  return {
    organizationId: ORGANIZATION_ID,
    currencies,
    unitGroupId,
    units,
    priceLists,
    products,
    accounts,
    connectionId,
    uncoupledProduct: uncoupledItem ? { productid: products[uncoupledItem.number], productnumber: uncoupledItem.number } : null,
    uncoupledAccount: uncoupledCustomer ? { accountid: accounts[uncoupledCustomer.number], accountnumber: uncoupledCustomer.number } : null,
    salesOnlyProduct: salesOnly,
    orders: { ready, uncoupledProduct: uncoupledOrder, writeIn, submitted },
    quotes: { draft: draftQuote, active: activeQuote },
  };
}

function addDaysIso(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
