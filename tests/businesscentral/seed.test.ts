import { demoCompany, DEFAULT_WORK_DATE } from '../../sandbox/seed';

describe('demoCompany seed', () => {
  const d = demoCompany();

  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(demoCompany())).toBe(JSON.stringify(d));
    expect(JSON.stringify(demoCompany(7))).not.toBe(JSON.stringify(d));
    expect(d.workDate).toBe(DEFAULT_WORK_DATE);
  });

  it('moves every relative date with the work date', () => {
    const later = demoCompany(undefined, { workDate: '2027-03-01' });
    expect(later.items.map((i) => i.number)).toEqual(d.items.map((i) => i.number));
    expect(later.postedInvoices[0].dueDate > d.postedInvoices[0].dueDate).toBe(true);
    expect(() => demoCompany(1, { workDate: '1/3/2027' })).toThrow(/workDate must be YYYY-MM-DD/);
  });

  it('has the master data the stand-ins and the demo need', () => {
    expect(d.currencies.map((c) => c.code)).toEqual(['EUR', 'CHF', 'USD']);
    expect(d.locations.map((l) => l.code)).toEqual(expect.arrayContaining(['MAIN', 'LYON', 'GENEVA']));
    expect(d.items.length).toBeGreaterThanOrEqual(200);
    expect(new Set(d.items.map((i) => i.type))).toEqual(new Set(['Inventory', 'Service', 'Non-Inventory']));
    expect(d.items.filter((i) => i.blocked)).toHaveLength(2);
    expect(d.items.filter((i) => !i.inSales)).toHaveLength(2);
    expect(d.customers.filter((c) => !c.inSales)).toHaveLength(1);
    expect(d.customers.filter((c) => c.blocked === 'All')).toHaveLength(1);
    expect(new Set(d.customers.map((c) => c.currencyCode))).toEqual(new Set(['EUR', 'CHF', 'USD']));
    expect(d.resources.length).toBeGreaterThan(0);
    expect(d.priceLists.map((p) => p.currencyCode)).toEqual(expect.arrayContaining(['EUR', 'CHF', 'USD']));
  });

  it('respects Business Central field lengths and unique keys', () => {
    for (const i of d.items) {
      expect(i.number.length).toBeLessThanOrEqual(20);
      expect(i.displayName.length).toBeLessThanOrEqual(100);
      expect(i.displayName2.length).toBeLessThanOrEqual(50);
    }
    for (const c of d.customers) {
      expect(c.displayName.length).toBeLessThanOrEqual(100);
      expect(c.city.length).toBeLessThanOrEqual(30);
      expect(c.email.length).toBeLessThanOrEqual(80);
    }
    const ids = [...d.items, ...d.customers, ...d.contacts, ...d.postedInvoices, ...d.itemLedgerEntries].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(d.items.map((i) => i.number)).size).toBe(d.items.length);
    expect(new Set(d.customers.map((c) => c.number)).size).toBe(d.customers.length);
  });

  it('salespeople are Sales users with the same email, plus an availability-only user and an administrator', () => {
    for (const s of d.salespeople) {
      const u = d.users.find((x) => x.salespersonCode === s.code);
      expect(u?.email).toBe(s.email);
    }
    expect(d.users.map((u) => u.roleHint)).toEqual(expect.arrayContaining(['availabilityOnly', 'administrator', 'salesManager']));
    for (const c of d.customers) expect(d.salespeople.map((s) => s.code)).toContain(c.salespersonCode);
  });

  it('stock per location never goes negative and matches the open ledger entries', () => {
    const onHand = new Map<string, number>();
    for (const e of d.itemLedgerEntries) {
      const k = `${e.itemNumber}|${e.locationCode}`;
      onHand.set(k, (onHand.get(k) ?? 0) + e.quantity);
      expect(e.remainingQuantity).toBeGreaterThanOrEqual(0);
      expect(e.open).toBe(e.remainingQuantity > 0);
    }
    const remaining = new Map<string, number>();
    for (const e of d.itemLedgerEntries) remaining.set(`${e.itemNumber}|${e.locationCode}`, (remaining.get(`${e.itemNumber}|${e.locationCode}`) ?? 0) + e.remainingQuantity);
    for (const [k, q] of onHand) {
      expect(q).toBeGreaterThanOrEqual(0);
      expect(remaining.get(k)).toBe(q);
    }
    const locationsWithStock = new Set([...onHand].filter(([, q]) => q > 0).map(([k]) => k.split('|')[1]));
    expect(locationsWithStock.size).toBeGreaterThanOrEqual(3);
    expect([...onHand.values()].some((q) => q === 0)).toBe(true);
    expect(d.purchaseLines.every((p) => p.expectedReceiptDate > d.workDate && p.outstandingQuantity > 0)).toBe(true);
  });

  it('has balances, overdue invoices and customers near or over their credit limit', () => {
    const rate = new Map(d.currencies.map((c) => [c.code, c.exchangeRate]));
    const balance = (no: string, cur: string): number => d.postedInvoices.filter((i) => i.customerNumber === no).reduce((s, i) => s + i.remainingAmount, 0) / rate.get(cur)!;
    const ratios = d.customers.map((c) => balance(c.number, c.currencyCode) / c.creditLimit);
    expect(ratios.filter((r) => r > 1).length).toBeGreaterThanOrEqual(2);
    expect(ratios.filter((r) => r > 0.85 && r <= 1).length).toBeGreaterThanOrEqual(3);
    expect(d.postedInvoices.filter((i) => i.remainingAmount > 0 && i.dueDate < d.workDate).length).toBeGreaterThan(10);
    for (const inv of d.postedInvoices) {
      const paid = d.payments.filter((p) => p.appliesToInvoiceNumber === inv.number).reduce((s, p) => s + p.amount, 0);
      expect(Math.round((inv.totalAmountIncludingTax - paid) * 100) / 100).toBe(inv.remainingAmount);
      expect(inv.status).toBe(inv.remainingAmount === 0 ? 'Paid' : 'Open');
    }
  });
});
