/**
 * The demo company: one deterministic Business Central company (French and English names, three
 * locations, a few hundred items, customers with balances, overdue invoices and credit limits,
 * salespeople who are also Sales users, price lists, EUR/CHF/USD). Pure: same seed and work date,
 * same data, on every machine; no I/O, no clock, no Math.random.
 */
import { createRng, Rng } from './prng';
import * as cat from './catalog';
import type * as T from './types';

export const DEFAULT_SEED = 20241;
/** Default work date. Pass `workDate` to move every relative date (due dates, receipts) with it. */
export const DEFAULT_WORK_DATE = '2026-11-16';

export interface DemoCompanyOptions {
  workDate?: string;
  /** Number of sellable items (default 260). */
  itemCount?: number;
  /** Number of customers (default 60). */
  customerCount?: number;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function stamp(iso: string, rng: Rng): string {
  return `${iso}T${String(rng.int(7, 18)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}.${String(rng.int(0, 999)).padStart(3, '0')}Z`;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function ean13(rng: Rng): string {
  const digits = [3, 7, 6, ...Array.from({ length: 9 }, () => rng.int(0, 9))];
  const sum = digits.reduce((s, d, i) => s + d * (i % 2 ? 3 : 1), 0);
  return digits.join('') + ((10 - (sum % 10)) % 10);
}

export function demoCompany(seed: number = DEFAULT_SEED, options: DemoCompanyOptions = {}): T.DemoCompany {
  const rng = createRng(seed);
  const workDate = options.workDate ?? DEFAULT_WORK_DATE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(workDate)) throw new Error(`demoCompany: workDate must be YYYY-MM-DD, got "${workDate}"`);
  const itemCount = options.itemCount ?? 260;
  const customerCount = options.customerCount ?? 60;

  const company: T.SeedCompany = {
    id: rng.guid(),
    name: 'EQUIPEMENTS ALPINS',
    displayName: 'Équipements Alpins SA',
    localCurrencyCode: 'EUR',
    addressLine1: '24 quai Perrache',
    city: 'Lyon',
    postalCode: '69002',
    country: 'FR',
    phoneNumber: '+33 4 72 00 10 00',
    email: 'contact@equipements-alpins.example',
    website: 'www.equipements-alpins.example',
    taxRegistrationNumber: 'FR40123456789',
    emailDomain: 'equipements-alpins.example',
    // Orders of a customer without a location ship from the main warehouse (Company Information "Location Code").
    locationCode: 'MAIN',
  };

  const currencies: T.SeedCurrency[] = [
    { id: rng.guid(), code: 'EUR', displayName: 'Euro', displayNameFr: 'Euro', symbol: '€', amountDecimalPlaces: '2:2', amountRoundingPrecision: 0.01, exchangeRate: 1 },
    { id: rng.guid(), code: 'CHF', displayName: 'Swiss franc', displayNameFr: 'Franc suisse', symbol: 'CHF', amountDecimalPlaces: '2:2', amountRoundingPrecision: 0.05, exchangeRate: 0.94 },
    { id: rng.guid(), code: 'USD', displayName: 'US dollar', displayNameFr: 'Dollar américain', symbol: '$', amountDecimalPlaces: '2:2', amountRoundingPrecision: 0.01, exchangeRate: 1.08 },
  ];
  const rateOf = (code: string): number => currencies.find((c) => c.code === code)?.exchangeRate ?? 1;

  const uomDefs: Array<[string, string, string, string, string]> = [
    ['PCS', 'Piece', 'Pièce', 'H87', 'pcs'],
    ['PAIR', 'Pair', 'Paire', 'PR', 'pr'],
    ['BOX', 'Box', 'Boîte', 'BX', 'box'],
    ['SET', 'Set', 'Coffret', 'SET', 'set'],
    ['PACK', 'Pack', 'Paquet', 'PK', 'pk'],
    ['M', 'Metre', 'Mètre', 'MTR', 'm'],
    ['HOUR', 'Hour', 'Heure', 'HUR', 'h'],
  ];
  const unitsOfMeasure: T.SeedUnitOfMeasure[] = uomDefs.map(([code, en, fr, iso, symbol]) => ({
    id: rng.guid(), code, displayName: en, displayNameFr: fr, internationalStandardCode: iso, symbol,
  }));

  const paymentTerms: T.SeedPaymentTerm[] = [
    { id: rng.guid(), code: 'COD', displayName: 'Cash on delivery', displayNameFr: 'Paiement à la livraison', dueDateCalculation: '0D', discountDateCalculation: '', discountPercent: 0, calculateDiscountOnCreditMemos: false, dueDays: 0 },
    { id: rng.guid(), code: '14 DAYS', displayName: 'Net 14 days', displayNameFr: '14 jours net', dueDateCalculation: '14D', discountDateCalculation: '', discountPercent: 0, calculateDiscountOnCreditMemos: false, dueDays: 14 },
    { id: rng.guid(), code: '30 DAYS', displayName: 'Net 30 days', displayNameFr: '30 jours net', dueDateCalculation: '30D', discountDateCalculation: '', discountPercent: 0, calculateDiscountOnCreditMemos: false, dueDays: 30 },
    { id: rng.guid(), code: '2%10/30', displayName: '2% 10 days, net 30', displayNameFr: '2 % à 10 jours, net 30', dueDateCalculation: '30D', discountDateCalculation: '10D', discountPercent: 2, calculateDiscountOnCreditMemos: false, dueDays: 30 },
    { id: rng.guid(), code: '60 DAYS', displayName: 'Net 60 days', displayNameFr: '60 jours net', dueDateCalculation: '60D', discountDateCalculation: '', discountPercent: 0, calculateDiscountOnCreditMemos: false, dueDays: 60 },
  ];
  const termsByCode = new Map(paymentTerms.map((p) => [p.code, p]));

  const shipmentMethods: T.SeedShipmentMethod[] = [
    { id: rng.guid(), code: 'EXW', displayName: 'Ex works', displayNameFr: 'À l’usine' },
    { id: rng.guid(), code: 'DAP', displayName: 'Delivered at place', displayNameFr: 'Rendu au lieu de destination' },
    { id: rng.guid(), code: 'PICKUP', displayName: 'Pick-up at branch', displayNameFr: 'Retrait en agence' },
    { id: rng.guid(), code: 'EXPRESS', displayName: 'Express courier', displayNameFr: 'Coursier express' },
  ];

  const itemCategories: T.SeedItemCategory[] = cat.itemCategories.map((c) => ({ id: rng.guid(), code: c.code, displayName: c.en, displayNameFr: c.fr }));

  const locations: T.SeedLocation[] = [
    { id: rng.guid(), code: 'MAIN', displayName: 'Entrepôt principal Lyon-Gerland', contact: 'Hugo Girard', addressLine1: '15 rue Marcel Mérieux', addressLine2: '', city: 'Lyon', state: '', country: 'FR', postalCode: '69007', phoneNumber: '+33 4 72 00 10 20', email: 'entrepot@equipements-alpins.example', website: '' },
    { id: rng.guid(), code: 'LYON', displayName: 'Agence Lyon Part-Dieu', contact: 'Manon Bonnet', addressLine1: '88 rue Garibaldi', addressLine2: '', city: 'Lyon', state: '', country: 'FR', postalCode: '69003', phoneNumber: '+33 4 72 00 10 30', email: 'lyon@equipements-alpins.example', website: '' },
    { id: rng.guid(), code: 'GENEVA', displayName: 'Dépôt Genève', contact: 'Thomas Weber', addressLine1: '12 route des Acacias', addressLine2: '', city: 'Genève', state: 'GE', country: 'CH', postalCode: '1227', phoneNumber: '+41 22 731 00 40', email: 'geneve@equipements-alpins.example', website: '' },
    { id: rng.guid(), code: 'PARIS', displayName: 'Agence Paris-Est', contact: 'Claire Lambert', addressLine1: '5 rue des Artisans', addressLine2: '', city: 'Paris', state: '', country: 'FR', postalCode: '75011', phoneNumber: '+33 1 43 00 10 50', email: 'paris@equipements-alpins.example', website: '' },
  ];

  const domain = company.emailDomain;
  const salespeople: T.SeedSalesperson[] = [
    ['CM', 'Camille', 'Martin', 'Account manager', 'FRA'],
    ['JD', 'Julien', 'Dubois', 'Account manager', 'FRA'],
    ['SL', 'Sophie', 'Laurent', 'Key account manager', 'FRA'],
    ['TW', 'Thomas', 'Weber', 'Branch manager Geneva', 'FRA'],
    ['EH', 'Emily', 'Harris', 'Export sales', 'ENU'],
    ['MB', 'Marc', 'Bernard', 'Sales director', 'FRA'],
  ].map(([code, first, last, title, lang], i) => ({
    id: rng.guid(),
    code,
    displayName: `${first} ${last}`,
    firstName: first,
    lastName: last,
    email: `${slug(first)}.${slug(last)}@${domain}`,
    phoneNo: `+33 6 12 34 5${i} ${10 + i * 7}`,
    jobTitle: title,
    commisionPercent: code === 'MB' ? 0 : 2.5,
    blocked: false,
    languageCode: lang as T.LanguageCode,
  }));

  const users: T.SeedUser[] = [
    ...salespeople.map((s) => ({
      id: rng.guid(),
      fullName: s.displayName,
      firstName: s.firstName,
      lastName: s.lastName,
      email: s.email,
      salespersonCode: s.code,
      roleHint: (s.code === 'MB' ? 'salesManager' : 'salesperson') as T.SeedUser['roleHint'],
      languageId: (s.languageCode === 'FRA' ? 1036 : 1033) as T.SeedUser['languageId'],
    })),
    { id: rng.guid(), fullName: 'Léa Petit', firstName: 'Léa', lastName: 'Petit', email: `lea.petit@${domain}`, salespersonCode: null, roleHint: 'availabilityOnly', languageId: 1036 },
    { id: rng.guid(), fullName: 'Alex Morgan', firstName: 'Alex', lastName: 'Morgan', email: `alex.morgan@${domain}`, salespersonCode: null, roleHint: 'administrator', languageId: 1033 },
  ];

  // ---- items -------------------------------------------------------------------------------------
  const items: T.SeedItem[] = [];
  const seqByPrefix = new Map<string, number>();
  outer: for (const range of cat.ranges) {
    for (const tpl of cat.productTemplates) {
      if (range.en && tpl.type !== 'Inventory') continue;
      for (const v of tpl.variants) {
        if (items.length >= itemCount) break outer;
        const category = cat.itemCategories.find((c) => c.code === tpl.category)!;
        const seq = (seqByPrefix.get(category.prefix) ?? 0) + 1;
        seqByPrefix.set(category.prefix, seq);
        const en = (range.suffix ? [tpl.en, v.en, range.en] : [tpl.en, range.en, v.en]).filter(Boolean).join(' ');
        const fr = (range.suffix ? [tpl.fr, v.fr, range.fr] : [tpl.fr, range.fr, v.fr]).filter(Boolean).join(' ');
        const unitPrice = round2(rng.decimal(tpl.price[0], tpl.price[1]) * range.priceFactor);
        items.push({
          id: rng.guid(),
          number: `${category.prefix}-${String(seq).padStart(4, '0')}`,
          displayName: en,
          displayName2: fr.slice(0, 50),
          type: tpl.type,
          itemCategoryCode: tpl.category,
          blocked: false,
          gtin: tpl.type === 'Inventory' ? ean13(rng) : '',
          unitPrice,
          unitCost: round2(unitPrice * rng.decimal(0.45, 0.7)),
          priceIncludesTax: false,
          baseUnitOfMeasureCode: tpl.unit,
          taxGroupCode: tpl.type === 'Service' ? 'SERVICES' : 'GOODS',
          generalProductPostingGroupCode: tpl.type === 'Service' ? 'SERVICES' : 'RETAIL',
          inventoryPostingGroupCode: tpl.type === 'Inventory' ? 'RESALE' : '',
          inSales: true,
          lastModifiedDateTime: stamp(addDays(workDate, -rng.int(30, 380)), rng),
        });
      }
    }
  }
  // Two discontinued items are blocked; the two newest items are not yet in Sales (coupling demo).
  const inventoryItems = items.filter((i) => i.type === 'Inventory');
  inventoryItems[7].blocked = true;
  inventoryItems[Math.floor(inventoryItems.length / 2)].blocked = true;
  const newest = inventoryItems.slice(-2);
  for (const it of newest) {
    it.inSales = false;
    it.lastModifiedDateTime = stamp(addDays(workDate, -1), rng);
  }
  const sellable = items.filter((i) => !i.blocked);

  const resources: T.SeedResource[] = [
    { id: rng.guid(), number: 'INSTALL', name: 'On-site installation', nameFr: 'Installation sur site', type: 'Person', baseUnitOfMeasureCode: 'HOUR', unitPrice: 85, unitCost: 48, inSales: true },
    { id: rng.guid(), number: 'TRAINING', name: 'Tool safety training', nameFr: 'Formation sécurité outillage', type: 'Person', baseUnitOfMeasureCode: 'HOUR', unitPrice: 95, unitCost: 52, inSales: true },
    { id: rng.guid(), number: 'MAINT', name: 'Preventive maintenance', nameFr: 'Maintenance préventive', type: 'Person', baseUnitOfMeasureCode: 'HOUR', unitPrice: 78, unitCost: 45, inSales: true },
    { id: rng.guid(), number: 'LIFT', name: 'Aerial work platform rental', nameFr: 'Location de nacelle', type: 'Machine', baseUnitOfMeasureCode: 'HOUR', unitPrice: 65, unitCost: 30, inSales: true },
  ];

  const customerPriceGroups: T.SeedCustomerPriceGroup[] = [
    { code: 'RETAIL', description: 'Retail customers', descriptionFr: 'Clients détail' },
    { code: 'TRADE', description: 'Trade professionals', descriptionFr: 'Professionnels' },
    { code: 'EXPORT', description: 'Export customers', descriptionFr: 'Clients export' },
  ];

  const chf = currencies[1];
  const usd = currencies[2];
  const roundTo = (n: number, precision: number): number => round2(Math.round(n / precision) * precision);
  const priceLists: T.SeedPriceList[] = [
    {
      id: rng.guid(), code: 'S00001', description: 'Trade prices EUR', descriptionFr: 'Tarif professionnels EUR', currencyCode: 'EUR', customerPriceGroupCode: 'TRADE', startingDate: addDays(workDate, -300),
      lines: sellable.filter((i) => i.type === 'Inventory').flatMap((i) => [
        { itemNumber: i.number, unitOfMeasureCode: i.baseUnitOfMeasureCode, minimumQuantity: 0, unitPrice: round2(i.unitPrice * 0.9) },
        { itemNumber: i.number, unitOfMeasureCode: i.baseUnitOfMeasureCode, minimumQuantity: 10, unitPrice: round2(i.unitPrice * 0.85) },
      ]),
    },
    {
      id: rng.guid(), code: 'S00002', description: 'Swiss franc prices', descriptionFr: 'Tarif francs suisses', currencyCode: 'CHF', customerPriceGroupCode: null, startingDate: addDays(workDate, -300),
      lines: sellable.map((i) => ({ itemNumber: i.number, unitOfMeasureCode: i.baseUnitOfMeasureCode, minimumQuantity: 0, unitPrice: roundTo(i.unitPrice * chf.exchangeRate * 1.04, chf.amountRoundingPrecision) })),
    },
    {
      id: rng.guid(), code: 'S00003', description: 'US dollar export prices', descriptionFr: 'Tarif export dollars US', currencyCode: 'USD', customerPriceGroupCode: 'EXPORT', startingDate: addDays(workDate, -300),
      lines: sellable.map((i) => ({ itemNumber: i.number, unitOfMeasureCode: i.baseUnitOfMeasureCode, minimumQuantity: 0, unitPrice: round2(i.unitPrice * usd.exchangeRate * 1.08) })),
    },
  ];

  // ---- customers and contacts -------------------------------------------------------------------
  const countryPlan: string[] = [];
  for (let i = 0; i < customerCount; i++) {
    const r = (i * 37) % 100;
    countryPlan.push(r < 55 ? 'FR' : r < 62 ? 'BE' : r < 80 ? 'CH' : r < 90 ? 'GB' : 'US');
  }
  const usedNames = new Set<string>();
  const customers: T.SeedCustomer[] = [];
  const contacts: T.SeedContact[] = [];
  let contactSeq = 0;
  const nextContactNo = (): string => `CT${String(100 + ++contactSeq * 10).padStart(6, '0')}`;
  const salespersonFor = (country: string): string =>
    country === 'CH' ? rng.pick(['TW', 'TW', 'SL']) : country === 'GB' || country === 'US' ? 'EH' : rng.pick(['CM', 'JD', 'SL']);

  for (let i = 0; i < customerCount; i++) {
    const country = countryPlan[i];
    const place = rng.pick(cat.places[country]);
    const french = country === 'FR' || country === 'BE' || country === 'CH';
    let name = '';
    for (let attempt = 0; attempt < 20 && (!name || usedNames.has(name)); attempt++) {
      if (country === 'CH') name = `${rng.pick(cat.frenchTrades)} ${rng.pick(cat.swissPlaces)} ${rng.pick(cat.swissForms)}`;
      else if (french) name = `${rng.pick(cat.frenchTrades)} ${rng.pick(cat.frenchLastNames)} ${rng.pick(cat.frenchForms)}`;
      else if (country === 'GB') name = `${rng.pick(cat.englishLastNames)} ${rng.pick(cat.englishTrades)} ${rng.pick(cat.englishForms)}`;
      else name = `${rng.pick(['Summit', 'Harbor', 'Frontier', 'Keystone', 'Granite', 'Pioneer'])} ${rng.pick(cat.englishTrades)} ${rng.pick(cat.usForms)}`;
    }
    usedNames.add(name);
    const street = country === 'CH' ? cat.swissStreets : french ? cat.frenchStreets : country === 'GB' ? cat.englishStreets : cat.usStreets;
    const currencyCode = country === 'CH' ? 'CHF' : country === 'US' ? 'USD' : 'EUR';
    const webSlug = slug(name).slice(0, 40);
    const number = `C${10000 + i * 10}`;
    const customer: T.SeedCustomer = {
      id: rng.guid(),
      number,
      displayName: name,
      type: 'Company',
      addressLine1: `${rng.int(1, 180)} ${rng.pick(street)}`,
      addressLine2: '',
      city: place.city,
      state: place.state,
      country,
      postalCode: place.postalCode,
      phoneNumber: `${place.phonePrefix} ${String(rng.int(10, 99))} ${String(rng.int(10, 99))}`,
      email: `contact@${webSlug}.example`,
      website: `www.${webSlug}.example`,
      salespersonCode: salespersonFor(country),
      creditLimit: rng.pick([5000, 10000, 15000, 25000, 40000, 60000, 100000]),
      taxLiable: country === 'FR',
      vatPercent: country === 'FR' ? 20 : 0,
      taxRegistrationNumber: country === 'FR' ? `FR${rng.int(10, 99)}${rng.int(100000000, 999999999)}` : country === 'BE' ? `BE0${rng.int(100000000, 999999999)}` : country === 'CH' ? `CHE-${rng.int(100, 999)}.${rng.int(100, 999)}.${rng.int(100, 999)}` : '',
      currencyCode,
      paymentTermsCode: country === 'US' ? '60 DAYS' : rng.pick(['30 DAYS', '30 DAYS', '14 DAYS', '2%10/30', '60 DAYS']),
      shipmentMethodCode: country === 'FR' ? rng.pick(['DAP', 'DAP', 'PICKUP', 'EXPRESS']) : rng.pick(['DAP', 'EXW']),
      customerPriceGroupCode: country === 'US' ? 'EXPORT' : rng.chance(0.6) ? 'TRADE' : 'RETAIL',
      blocked: ' ',
      languageCode: french ? 'FRA' : 'ENU',
      // Swiss customers are served from the Geneva depot, Parisian ones from the Paris branch; the others have no
      // location on their card (the company's applies). Derived, not drawn: the generator's sequence stays as it was.
      locationCode: country === 'CH' ? 'GENEVA' : place.city === 'Paris' ? 'PARIS' : '',
      inSales: true,
      lastModifiedDateTime: stamp(addDays(workDate, -rng.int(20, 380)), rng),
    };
    customers.push(customer);

    const companyContactNo = nextContactNo();
    contacts.push({
      id: rng.guid(), number: companyContactNo, type: 'Company', displayName: name, firstName: '', lastName: '', jobTitle: '',
      companyNumber: companyContactNo, companyName: name, customerNumber: number, email: customer.email, phoneNumber: customer.phoneNumber,
      mobilePhoneNumber: '', addressLine1: customer.addressLine1, city: customer.city, country, postalCode: customer.postalCode,
      lastModifiedDateTime: customer.lastModifiedDateTime,
    });
    const people = rng.int(1, 2);
    for (let p = 0; p < people; p++) {
      const first = french ? rng.pick(cat.frenchFirstNames) : rng.pick(cat.englishFirstNames);
      const last = french ? rng.pick(cat.frenchLastNames) : rng.pick(cat.englishLastNames);
      const title = french ? rng.pick(['Gérant', 'Responsable achats', 'Chef de chantier', 'Comptable']) : rng.pick(['Owner', 'Purchasing manager', 'Site manager', 'Accounts payable']);
      contacts.push({
        id: rng.guid(), number: nextContactNo(), type: 'Person', displayName: `${first} ${last}`, firstName: first, lastName: last, jobTitle: title,
        companyNumber: companyContactNo, companyName: name, customerNumber: number, email: `${slug(first)}.${slug(last)}@${webSlug}.example`,
        phoneNumber: customer.phoneNumber, mobilePhoneNumber: `${place.phonePrefix.split(' ').slice(0, 2).join(' ')} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
        addressLine1: customer.addressLine1, city: customer.city, country, postalCode: customer.postalCode,
        lastModifiedDateTime: customer.lastModifiedDateTime,
      });
    }
  }

  // ---- posted invoices (and the stock they consumed), payments ----------------------------------
  const postedInvoices: T.SeedPostedInvoice[] = [];
  const payments: T.SeedPayment[] = [];
  const sold: Array<{ itemNumber: string; locationCode: string; quantity: number; date: string; customerNumber: string; shipmentNumber: string; amountLcy: number }> = [];
  let invoiceSeq = 103000;
  let shipmentSeq = 102000;
  let orderSeq = 101000;
  let paymentSeq = 0;
  const priceFor = (item: T.SeedItem, customer: T.SeedCustomer): number => {
    const list = priceLists.find((l) => l.currencyCode === customer.currencyCode && (l.customerPriceGroupCode === null || l.customerPriceGroupCode === customer.customerPriceGroupCode));
    const line = list?.lines.find((l) => l.itemNumber === item.number && l.minimumQuantity === 0);
    if (line) return line.unitPrice;
    return round2(item.unitPrice * rateOf(customer.currencyCode));
  };
  const locationFor = (customer: T.SeedCustomer): string => (customer.country === 'CH' ? 'GENEVA' : customer.city === 'Paris' ? 'PARIS' : rng.chance(0.3) ? 'LYON' : 'MAIN');
  const sellableInventory = sellable.filter((i) => i.type === 'Inventory' && i.inSales);

  const makeLines = (customer: T.SeedCustomer, count: number): T.SeedDocumentLine[] => {
    const lines: T.SeedDocumentLine[] = [];
    const location = locationFor(customer);
    for (let l = 0; l < count; l++) {
      const item = rng.chance(0.9) ? rng.pick(sellableInventory) : rng.pick(sellable.filter((i) => i.type !== 'Inventory' && i.inSales));
      lines.push({
        sequence: (l + 1) * 10000, lineType: 'Item', lineObjectNumber: item.number, description: item.displayName,
        unitOfMeasureCode: item.baseUnitOfMeasureCode, quantity: rng.int(1, item.baseUnitOfMeasureCode === 'M' ? 120 : 12),
        unitPrice: priceFor(item, customer), discountPercent: rng.chance(0.2) ? rng.pick([5, 10]) : 0, taxPercent: customer.vatPercent,
        locationCode: item.type === 'Inventory' ? location : '',
      });
    }
    if (rng.chance(0.15)) {
      const res = rng.pick(resources);
      lines.push({
        sequence: (count + 1) * 10000, lineType: 'Resource', lineObjectNumber: res.number, description: customer.languageCode === 'FRA' ? res.nameFr : res.name,
        unitOfMeasureCode: 'HOUR', quantity: rng.int(2, 8), unitPrice: round2(res.unitPrice * rateOf(customer.currencyCode)), discountPercent: 0, taxPercent: customer.vatPercent, locationCode: '',
      });
    }
    return lines;
  };
  const totals = (lines: T.SeedDocumentLine[]): { net: number; tax: number; gross: number } => {
    let net = 0;
    let tax = 0;
    for (const l of lines) {
      const amount = round2(l.quantity * l.unitPrice * (1 - l.discountPercent / 100));
      net += amount;
      tax += round2((amount * l.taxPercent) / 100);
    }
    return { net: round2(net), tax: round2(tax), gross: round2(net + tax) };
  };

  const blockedCustomer = customers[customers.length - 3];
  const notInSalesCustomer = customers[customers.length - 1];
  for (const customer of customers) {
    if (customer === notInSalesCustomer) continue;
    const terms = termsByCode.get(customer.paymentTermsCode)!;
    const invoiceCount = rng.int(1, 6);
    for (let n = 0; n < invoiceCount; n++) {
      const postingDate = addDays(workDate, -rng.int(3, 150));
      const lines = makeLines(customer, rng.int(1, 4));
      const t = totals(lines);
      const dueDate = addDays(postingDate, terms.dueDays);
      const age = Math.round((Date.parse(workDate) - Date.parse(dueDate)) / 86400000);
      // Older invoices are more likely paid; some overdue ones stay open, a few are partly paid.
      const fate = age > 45 ? (rng.chance(0.8) ? 'paid' : rng.chance(0.5) ? 'partial' : 'open') : age > 0 ? (rng.chance(0.5) ? 'paid' : rng.chance(0.4) ? 'partial' : 'open') : rng.chance(0.2) ? 'paid' : 'open';
      const paid = fate === 'paid' ? t.gross : fate === 'partial' ? round2(t.gross * rng.pick([0.3, 0.5])) : 0;
      const shipmentNumber = `S-SHPT${++shipmentSeq}`;
      const inv: T.SeedPostedInvoice = {
        id: rng.guid(), number: `S-INV${++invoiceSeq}`, shipmentId: rng.guid(), shipmentNumber, orderNumber: `S-ORD${++orderSeq}`,
        externalDocumentNumber: rng.chance(0.5) ? `PO-${rng.int(1000, 9999)}` : '', customerNumber: customer.number, currencyCode: customer.currencyCode,
        invoiceDate: postingDate, postingDate, dueDate, paymentTermsCode: terms.code, shipmentMethodCode: customer.shipmentMethodCode, salesperson: customer.salespersonCode,
        lines, totalAmountExcludingTax: t.net, totalTaxAmount: t.tax, totalAmountIncludingTax: t.gross, remainingAmount: round2(t.gross - paid),
        status: paid >= t.gross ? 'Paid' : 'Open',
      };
      postedInvoices.push(inv);
      if (paid > 0) {
        payments.push({
          id: rng.guid(), documentNumber: `PAY${String(++paymentSeq).padStart(5, '0')}`, customerNumber: customer.number,
          postingDate: addDays(postingDate, Math.min(rng.int(5, terms.dueDays + 20), Math.max(1, Math.round((Date.parse(workDate) - Date.parse(postingDate)) / 86400000) - 1))),
          amount: paid, currencyCode: customer.currencyCode, appliesToInvoiceNumber: inv.number, description: `Payment ${inv.number}`,
        });
      }
      for (const l of lines) {
        if (l.lineType !== 'Item' || !l.locationCode) continue;
        sold.push({ itemNumber: l.lineObjectNumber, locationCode: l.locationCode, quantity: l.quantity, date: postingDate, customerNumber: customer.number, shipmentNumber, amountLcy: round2((l.quantity * l.unitPrice) / rateOf(customer.currencyCode)) });
      }
    }
  }

  // Credit limits: most customers comfortably below; three near the limit, two over it (demo of credit utilisation).
  const balanceLcy = (c: T.SeedCustomer): number =>
    round2(postedInvoices.filter((i) => i.customerNumber === c.number).reduce((s, i) => s + i.remainingAmount / rateOf(c.currencyCode), 0));
  const withBalance = customers
    .filter((c) => balanceLcy(c) > 500 && c !== blockedCustomer && c !== notInSalesCustomer)
    .sort((a, b) => balanceLcy(b) - balanceLcy(a) || a.number.localeCompare(b.number));
  withBalance.slice(0, 3).forEach((c) => (c.creditLimit = Math.ceil((balanceLcy(c) / 0.93) / 100) * 100));
  withBalance.slice(3, 5).forEach((c) => (c.creditLimit = Math.floor((balanceLcy(c) / 1.2) / 100) * 100));
  for (const c of customers) if (c.creditLimit < balanceLcy(c) && !withBalance.slice(3, 5).includes(c)) c.creditLimit = Math.ceil((balanceLcy(c) * 2) / 5000) * 5000;
  blockedCustomer.blocked = 'All';
  notInSalesCustomer.inSales = false;
  notInSalesCustomer.lastModifiedDateTime = stamp(addDays(workDate, -1), rng);

  // ---- open sales orders entered directly in the ERP (outstanding demand) -----------------------
  const salesOrders: T.SeedSalesOrder[] = [];
  const activeCustomers = customers.filter((c) => c.blocked === ' ' && c.inSales);
  for (let n = 0; n < 8; n++) {
    const customer = activeCustomers[(n * 7) % activeCustomers.length];
    const orderDate = addDays(workDate, -rng.int(0, 10));
    salesOrders.push({
      id: rng.guid(), number: `S-ORD${++orderSeq}`, externalDocumentNumber: rng.chance(0.5) ? `PO-${rng.int(1000, 9999)}` : '', customerNumber: customer.number,
      orderDate, requestedDeliveryDate: addDays(orderDate, rng.int(5, 20)), currencyCode: customer.currencyCode, salesperson: customer.salespersonCode,
      paymentTermsCode: customer.paymentTermsCode, shipmentMethodCode: customer.shipmentMethodCode, status: n % 3 === 0 ? 'Draft' : 'Open',
      lines: makeLines(customer, rng.int(1, 3)),
    });
  }

  // ---- item ledger entries: purchases cover what was sold plus today's on-hand stock -----------
  const itemLedgerEntries: T.SeedItemLedgerEntry[] = [];
  let entryNumber = 0;
  let receiptSeq = 107000;
  const itemByNo = new Map(items.map((i) => [i.number, i]));
  const soldByKey = new Map<string, typeof sold>();
  for (const s of sold) {
    const key = `${s.itemNumber}|${s.locationCode}`;
    if (!soldByKey.has(key)) soldByKey.set(key, []);
    soldByKey.get(key)!.push(s);
  }
  for (const item of items.filter((i) => i.type === 'Inventory')) {
    for (const loc of locations) {
      const key = `${item.number}|${loc.code}`;
      const sales = (soldByKey.get(key) ?? []).sort((a, b) => a.date.localeCompare(b.date));
      const stocked = sales.length > 0 || loc.code === 'MAIN' || rng.chance(loc.code === 'PARIS' ? 0.35 : 0.55);
      if (!stocked) continue;
      const soldQty = sales.reduce((s, x) => s + x.quantity, 0);
      // About one item-location in eight is out of stock; the rest hold a few dozen units.
      const onHand = rng.chance(0.12) ? 0 : rng.int(1, item.baseUnitOfMeasureCode === 'M' ? 900 : 80);
      const total = soldQty + onHand;
      if (total === 0) continue;
      const first = Math.ceil(total * rng.decimal(0.5, 0.8));
      const receipts = [first, total - first].filter((q) => q > 0);
      const receiptEntries: T.SeedItemLedgerEntry[] = receipts.map((q, idx) => ({
        id: rng.guid(), entryNumber: 0, itemNumber: item.number, postingDate: addDays(workDate, idx === 0 ? -rng.int(160, 240) : -rng.int(20, 155)),
        entryType: 'Purchase', sourceType: 'Vendor', sourceNumber: rng.pick(cat.vendorNames).number, documentType: 'Purchase Receipt',
        documentNumber: `P-RCPT${++receiptSeq}`, description: item.displayName, locationCode: loc.code, unitOfMeasureCode: item.baseUnitOfMeasureCode,
        quantity: q, remainingQuantity: q, open: true, positive: true, invoicedQuantity: q, costAmountActual: round2(q * item.unitCost), salesAmountActual: 0,
      }));
      // Sales apply FIFO against the receipts, as Business Central's item application does.
      const saleEntries: T.SeedItemLedgerEntry[] = sales.map((s) => {
        let left = s.quantity;
        for (const r of receiptEntries) {
          const take = Math.min(left, r.remainingQuantity);
          r.remainingQuantity -= take;
          left -= take;
        }
        return {
          id: rng.guid(), entryNumber: 0, itemNumber: item.number, postingDate: s.date, entryType: 'Sale', sourceType: 'Customer', sourceNumber: s.customerNumber,
          documentType: 'Sales Shipment', documentNumber: s.shipmentNumber, description: item.displayName, locationCode: loc.code, unitOfMeasureCode: item.baseUnitOfMeasureCode,
          quantity: -s.quantity, remainingQuantity: 0, open: false, positive: false, invoicedQuantity: -s.quantity,
          costAmountActual: round2(-s.quantity * item.unitCost), salesAmountActual: s.amountLcy,
        };
      });
      for (const r of receiptEntries) r.open = r.remainingQuantity > 0;
      itemLedgerEntries.push(...receiptEntries, ...saleEntries);
    }
  }
  itemLedgerEntries.sort((a, b) => a.postingDate.localeCompare(b.postingDate) || a.itemNumber.localeCompare(b.itemNumber) || a.locationCode.localeCompare(b.locationCode));
  for (const e of itemLedgerEntries) e.entryNumber = ++entryNumber;

  // ---- incoming purchase order lines ------------------------------------------------------------
  const purchaseLines: T.SeedPurchaseLine[] = [];
  let purchaseSeq = 106000;
  let currentPo = '';
  let lineNo = 0;
  const purchasable = inventoryItems.filter((i) => !i.blocked);
  for (let n = 0; n < purchasable.length; n++) {
    const item = purchasable[n];
    if (!rng.chance(0.22) && !newest.includes(item)) continue;
    if (!currentPo || lineNo >= rng.int(3, 8)) {
      currentPo = `P-ORD${++purchaseSeq}`;
      lineNo = 0;
    }
    lineNo++;
    purchaseLines.push({
      id: rng.guid(), documentNumber: currentPo, lineNumber: lineNo * 10000, vendorNumber: rng.pick(cat.vendorNames).number, itemNumber: item.number,
      locationCode: rng.pick(['MAIN', 'MAIN', 'LYON', 'GENEVA', 'PARIS']), unitOfMeasureCode: item.baseUnitOfMeasureCode,
      outstandingQuantity: rng.int(5, item.baseUnitOfMeasureCode === 'M' ? 500 : 60), expectedReceiptDate: addDays(workDate, rng.int(2, 45)),
    });
  }

  // ---- a few open quotes entered in the ERP (generated last: the data above does not depend on them) ---
  const salesQuotes: T.SeedSalesQuote[] = [];
  for (let n = 0; n < 4; n++) {
    const customer = activeCustomers[(n * 11 + 3) % activeCustomers.length];
    const documentDate = addDays(workDate, -rng.int(1, 20));
    salesQuotes.push({
      id: rng.guid(), number: `S-QUO${1001 + n}`, externalDocumentNumber: rng.chance(0.5) ? `RFQ-${rng.int(100, 999)}` : '', customerNumber: customer.number, documentDate,
      validUntilDate: addDays(documentDate, 30), currencyCode: customer.currencyCode, salesperson: customer.salespersonCode, status: n % 2 ? 'Sent' : 'Draft',
      lines: makeLines(customer, rng.int(1, 3)),
    });
  }

  void itemByNo;
  return {
    seed,
    workDate,
    company,
    currencies,
    unitsOfMeasure,
    paymentTerms,
    shipmentMethods,
    itemCategories,
    locations,
    salespeople,
    users,
    customerPriceGroups,
    priceLists,
    items,
    resources,
    vendors: cat.vendorNames.map((v) => ({ ...v })),
    customers,
    contacts,
    postedInvoices,
    payments,
    salesOrders,
    salesQuotes,
    itemLedgerEntries,
    purchaseLines,
  };
}
