import {
  crmBody,
  crmChanges,
  defaultMappingSet,
  erpChanges,
  formatMappingProblem,
  mapCrmToErp,
  mapErpToCrm,
  type CouplingResolver,
  type IntegrationMapping,
} from '../../domain/mappings';

const set = defaultMappingSet();
const mappings = { get: (n: string) => set.mappings.find((m) => m.name === n) };
const M = (n: string): IntegrationMapping => mappings.get(n)!;

const ids = {
  eur: 'c0000000-0000-0000-0000-000000000001',
  userJd: 'c0000000-0000-0000-0000-000000000002',
  pcs: 'c0000000-0000-0000-0000-000000000003',
  group: 'c0000000-0000-0000-0000-000000000004',
  termsErp: 'e0000000-0000-0000-0000-000000000001',
};

/** Couplings as the engine would hold them: (mapping, by, value) → other side. */
function resolver(couplings: Array<{ mapping: string; erpId: string; erpNumber: string; crmId: string }>): CouplingResolver {
  return {
    toCrm: (mapping, by, v) => couplings.find((c) => c.mapping === mapping && (by === 'id' ? c.erpId === v : c.erpNumber === v))?.crmId,
    toErp: (mapping, by, v) => {
      const c = couplings.find((x) => x.mapping === mapping && x.crmId === v);
      return c ? (by === 'id' ? c.erpId : c.erpNumber) : undefined;
    },
    unitGroupOf: (uom) => (uom === ids.pcs ? ids.group : undefined),
  };
}

const coupled = resolver([
  { mapping: 'CURRENCY', erpId: 'x', erpNumber: 'EUR', crmId: ids.eur },
  { mapping: 'SALESPEOPLE', erpId: 'y', erpNumber: 'JD', crmId: ids.userJd },
  { mapping: 'PAYMENT TERMS', erpId: ids.termsErp, erpNumber: '30 DAYS', crmId: '100000001' },
  { mapping: 'UNIT OF MEASURE', erpId: 'z', erpNumber: 'PCS', crmId: ids.pcs },
]);

const customer = {
  id: 'a0000000-0000-0000-0000-000000000001',
  number: 'C10000',
  displayName: 'Alpine Sports',
  addressLine1: '1 rue du Lac',
  addressLine2: '',
  city: 'Lyon',
  state: '',
  country: 'FR',
  postalCode: '69001',
  phoneNumber: '+33 4 00 00 00 00',
  email: 'info@alpine.example',
  website: '',
  creditLimit: 10000,
  currencyCode: 'EUR',
  salespersonCode: 'JD',
  paymentTermsId: ids.termsErp,
  shipmentMethodId: '00000000-0000-0000-0000-000000000000',
  blocked: ' ',
};

describe('ERP → Sales', () => {
  it('maps a customer to account columns, lookups through couplings and choices through option mappings', () => {
    const r = mapErpToCrm(M('CUSTOMER'), customer, coupled, mappings, { mode: 'create' });
    expect(r.problems).toEqual([]);
    expect(r.values).toEqual({
      accountnumber: 'C10000',
      erp_customernumber: 'C10000',
      name: 'Alpine Sports',
      address1_line1: '1 rue du Lac',
      address1_line2: null,
      address1_city: 'Lyon',
      address1_stateorprovince: null,
      address1_country: 'FR',
      address1_postalcode: '69001',
      telephone1: '+33 4 00 00 00 00',
      emailaddress1: 'info@alpine.example',
      websiteurl: null,
      creditlimit: 10000,
      transactioncurrencyid: { lookup: { table: 'transactioncurrency', id: ids.eur } },
      ownerid: { lookup: { table: 'systemuser', id: ids.userJd } },
      paymenttermscode: 100000001,
      address1_freighttermscode: null,
    });
    expect(crmBody(M('CUSTOMER'), r.values)).toMatchObject({
      'transactioncurrencyid@odata.bind': `/transactioncurrencies(${ids.eur})`,
      'ownerid@odata.bind': `/systemusers(${ids.userJd})`,
      paymenttermscode: 100000001,
    });
  });

  it('says which dependency is missing, naming the record, in English and French', () => {
    const r = mapErpToCrm(M('CUSTOMER'), { ...customer, salespersonCode: 'TW' }, coupled, mappings, { mode: 'create' });
    expect(r.values.ownerid).toBeUndefined();
    expect(r.problems.map((p) => formatMappingProblem(p))).toEqual([
      'The ERP customer C10000 (Alpine Sports): the ERP salesperson TW is not coupled to a Sales user. Couple it first (mapping SALESPEOPLE), then retry the record.',
    ]);
    expect(formatMappingProblem(r.problems[0], 1036)).toBe(
      'Le client ERP C10000 (Alpine Sports) : le vendeur ERP TW n’est pas couplé à un utilisateur Sales. Couplez-le d’abord (mappage SALESPEOPLE), puis relancez l’enregistrement.',
    );
    const unit = mapErpToCrm(M('ITEM-PRODUCT'), { number: '1000', displayName: 'Bolt', type: 'Inventory', baseUnitOfMeasureCode: 'BOX', blocked: false }, coupled, mappings, { mode: 'create' });
    expect(unit.problems.map((p) => formatMappingProblem(p, 1036))).toEqual([
      "L'article ERP 1000 (Bolt) : l'unité ERP BOX n’est pas couplée à une unité Sales. Couplez-le d’abord (mappage UNIT OF MEASURE), puis relancez l’enregistrement.",
    ]);
  });

  it('never cuts a value too long for the Sales column: the field is reported and left out', () => {
    const r = mapErpToCrm(M('UNIT OF MEASURE'), { code: 'X'.repeat(101) }, coupled, mappings, { mode: 'create' });
    expect(r.values).toEqual({});
    expect(formatMappingProblem(r.problems[0])).toBe(
      `The ERP unit of measure ${'X'.repeat(101)}: the ERP field unitsOfMeasure.code has 101 characters, but the Sales column uom.name takes at most 100. Shorten it in the ERP, then retry the record.`,
    );
  });

  it('maps item type and blocked state through value tables; unknown values are errors', () => {
    const item = { number: '1000', displayName: 'Bolt M6', type: 'Inventory', unitPrice: -2, unitCost: 1.5, baseUnitOfMeasureCode: 'PCS', blocked: true };
    const r = mapErpToCrm(M('ITEM-PRODUCT'), item, coupled, mappings, { mode: 'create' });
    expect(r.problems).toEqual([]);
    expect(r.values).toMatchObject({ producttypecode: 1, price: 0, currentcost: 1.5, statecode: 1, statuscode: 2, defaultuomscheduleid: { lookup: { table: 'uomschedule', id: ids.group } } });
    const bad = mapErpToCrm(M('ITEM-PRODUCT'), { ...item, type: 'Assembly' }, coupled, mappings, { mode: 'create' });
    expect(formatMappingProblem(bad.problems[0])).toBe(
      'The ERP item 1000 (Bolt M6): the ERP field items.type is "Assembly", which has no counterpart in the Sales column product.producttypecode. Valid values: Inventory, Non-Inventory, Service. Change it in the ERP, or extend the value table of mapping ITEM-PRODUCT.',
    );
    expect(mapErpToCrm(M('ITEM-PRODUCT'), item, coupled, mappings, { mode: 'update' }).values.producttypecode).toBeUndefined();
  });

  it('maps an ERP enum value sent XML-encoded (Non_x002D_Inventory) like the plain one', () => {
    const item = { number: '1000', displayName: 'Bolt M6', type: 'Non-Inventory', unitPrice: 1, unitCost: 1, baseUnitOfMeasureCode: 'PCS', blocked: false };
    const plain = mapErpToCrm(M('ITEM-PRODUCT'), item, coupled, mappings, { mode: 'create' });
    // A tenant that encodes every non-name character would send "_x0020_"-style escapes: decoded before the value table.
    const encoded = mapErpToCrm(M('ITEM-PRODUCT'), { ...item, type: 'Non_x002D_Inventory' }, coupled, mappings, { mode: 'create' });
    expect(encoded.problems).toEqual([]);
    expect(encoded.values.producttypecode).toBe(plain.values.producttypecode);
  });

  it('splits contact names, reads decimal places, and chooses the product mapping of a price line by asset type', () => {
    expect(mapErpToCrm(M('CONTACT'), { number: 'CT1', displayName: 'Jeanne Marie Martin' }, coupled, mappings, { mode: 'create' }).values).toMatchObject({ firstname: 'Jeanne', lastname: 'Marie Martin' });
    expect(mapErpToCrm(M('CURRENCY'), { code: 'CHF', displayName: 'Swiss franc', symbol: 'CHF', amountDecimalPlaces: '2:2' }, coupled, mappings, { mode: 'update' }).values).toEqual({
      currencyname: 'Swiss franc',
      currencysymbol: 'CHF',
      currencyprecision: 2,
    });
    const res = resolver([
      { mapping: 'RESOURCE-PRODUCT', erpId: 'r', erpNumber: 'INSTALL', crmId: 'p-res' },
      { mapping: 'ITEM-PRODUCT', erpId: 'i', erpNumber: 'INSTALL', crmId: 'p-item' },
      { mapping: 'PRICE LIST', erpId: 'l', erpNumber: 'S00001', crmId: 'pl' },
      { mapping: 'UNIT OF MEASURE', erpId: 'u', erpNumber: 'HOUR', crmId: 'uom' },
    ]);
    const line = mapErpToCrm(M('PRICE LIST LINE'), { id: 'x', priceListCode: 'S00001', assetType: 'Resource', assetNumber: 'INSTALL', unitOfMeasureCode: 'HOUR', unitPrice: 80 }, res, mappings, { mode: 'create' });
    expect(line.values.productid).toEqual({ lookup: { table: 'product', id: 'p-res' } });
  });
});

describe('Sales → ERP', () => {
  const account = {
    accountid: 'b0000000-0000-0000-0000-000000000001',
    name: 'Alpine Sports',
    accountnumber: 'C10000',
    address1_line1: '1 rue du Lac',
    address1_city: 'Lyon',
    address1_country: 'fr',
    telephone1: null,
    emailaddress1: 'info@alpine.example',
    _transactioncurrencyid_value: ids.eur,
    _ownerid_value: 'c0000000-0000-0000-0000-0000000000ff',
    '_ownerid_value@OData.Community.Display.V1.FormattedValue': 'Jeanne Martin',
    paymenttermscode: 100000001,
    address1_freighttermscode: null,
  };

  it('says exactly which dependency is missing: the owner is not coupled to an ERP salesperson', () => {
    const r = mapCrmToErp(M('CUSTOMER'), account, coupled, mappings, { mode: 'update' });
    expect(r.problems.map((p) => formatMappingProblem(p))).toEqual([
      'The account Alpine Sports: the owner Jeanne Martin is not coupled to an ERP salesperson. Couple it first (mapping SALESPEOPLE), then retry the record.',
    ]);
    expect(formatMappingProblem(r.problems[0], 1036)).toBe(
      'Le compte Alpine Sports : le propriétaire Jeanne Martin n’est pas couplé à un vendeur ERP. Couplez-le d’abord (mappage SALESPEOPLE), puis relancez l’enregistrement.',
    );
    expect(r.values).toMatchObject({ displayName: 'Alpine Sports', country: 'FR', currencyCode: 'EUR', paymentTermsId: ids.termsErp, shipmentMethodId: '00000000-0000-0000-0000-000000000000', phoneNumber: '' });
    expect(r.values.number).toBeUndefined();
  });

  it('reports a value too long for the ERP field and a choice with no ERP counterpart', () => {
    const long = { ...account, name: 'N'.repeat(120), _ownerid_value: ids.userJd, paymenttermscode: 3, 'paymenttermscode@OData.Community.Display.V1.FormattedValue': 'Net 45' };
    const msgs = mapCrmToErp(M('CUSTOMER'), long, coupled, mappings, { mode: 'update' }).problems.map((p) => formatMappingProblem(p));
    expect(msgs).toEqual([
      `The account ${'N'.repeat(120)}: the Sales column account.name has 120 characters, but the ERP field customers.displayName takes at most 100. Shorten it in Sales, then retry the record.`,
      `The account ${'N'.repeat(120)}: the payment terms Net 45 is not coupled to ERP payment terms. Couple it first (mapping PAYMENT TERMS), then retry the record.`,
    ]);
    const product = { productid: 'p', name: 'Fee', productnumber: 'FEE', producttypecode: 4, 'producttypecode@OData.Community.Display.V1.FormattedValue': 'Flat Fees', _defaultuomid_value: ids.pcs };
    expect(mapCrmToErp(M('ITEM-PRODUCT'), product, coupled, mappings, { mode: 'create' }).problems.map((p) => formatMappingProblem(p))).toEqual([
      'The product Fee: the Sales column product.producttypecode is "Flat Fees", which has no counterpart in the ERP field items.type. Valid values: 1, 2, 3. Change it in Sales, or extend the value table of mapping ITEM-PRODUCT.',
    ]);
  });
});

describe('comparison', () => {
  it('finds nothing to change when Sales already holds the mapped values (idempotent re-run)', () => {
    const mapped = mapErpToCrm(M('CUSTOMER'), customer, coupled, mappings, { mode: 'update' }).values;
    const current = {
      accountid: 'b1',
      accountnumber: 'C10000',
      erp_customernumber: 'C10000',
      name: 'Alpine Sports',
      address1_line1: '1 rue du Lac',
      address1_line2: null,
      address1_city: 'Lyon',
      address1_stateorprovince: null,
      address1_country: 'FR',
      address1_postalcode: '69001',
      telephone1: '+33 4 00 00 00 00',
      emailaddress1: 'info@alpine.example',
      websiteurl: null,
      creditlimit: 10000.001,
      _transactioncurrencyid_value: ids.eur.toUpperCase(),
      _ownerid_value: ids.userJd,
      paymenttermscode: 100000001,
      address1_freighttermscode: null,
    };
    expect(crmChanges(M('CUSTOMER'), current, mapped)).toEqual({});
    expect(crmChanges(M('CUSTOMER'), { ...current, name: 'Alpine', _ownerid_value: null }, mapped)).toEqual({ name: 'Alpine Sports', ownerid: { lookup: { table: 'systemuser', id: ids.userJd } } });
  });

  it('compares ERP codes without case and blank values as empty', () => {
    expect(erpChanges(M('CUSTOMER'), { country: 'FR', phoneNumber: '', creditLimit: 5 }, { country: 'fr', phoneNumber: '', creditLimit: 5.001 })).toEqual({});
    expect(erpChanges(M('CUSTOMER'), { displayName: 'Alpine' }, { displayName: 'alpine' })).toEqual({ displayName: 'alpine' });
  });
});
