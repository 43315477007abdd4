/** The reconciliation rules: which ERP documents are a Sales order's, and each way the two can disagree. */
import { FindingCode, reconcile, type ErpDocumentFacts, type SalesOrderFacts } from '../../domain/reconciliation';

const sale = (number: string, erpNumber: string | null, amount: number | null = 100, currency = 'EUR'): SalesOrderFacts => ({ id: `id-${number}`, number, erpNumber, amount, currency });
const order = (number: string, ext: string, amount: number | null = 100, currency: string | null = null): ErpDocumentFacts => ({ kind: 'order', orderNumber: number, number, externalDocumentNumber: ext, amount, currency });
const invoice = (number: string, orderNumber: string, ext: string, amount: number | null = 100, currency: string | null = null): ErpDocumentFacts => ({ kind: 'invoice', orderNumber, number, externalDocumentNumber: ext, amount, currency });
const run = (sales: SalesOrderFacts[], erp: ErpDocumentFacts[]) => reconcile(sales, erp, { lcy: 'EUR' });
const codes = (r: ReturnType<typeof run>) => r.findings.map((f) => [f.orderNumber, f.code, f.severity]);

describe('reconcile', () => {
  it('one linked ERP order with the same amount, open or invoiced and deleted by the ERP: matched, nothing to say', () => {
    const r = run([sale('ORD-1', 'S-1'), sale('ord-2', 'S-2', 150.5)], [order('S-1', 'ORD-1'), invoice('I-1', 'S-2', 'ORD-2', 100), invoice('I-2', 'S-2', 'ORD-2', 50.5)]);
    expect(r).toEqual({ salesOrders: 2, matched: 2, disagreements: 0, amountDifferences: 0, findings: [] });
  });

  it('two ERP orders carrying one Sales number: a duplicate naming both and the one to keep', () => {
    const r = run([sale('ORD-1', 'S-9')], [order('S-1', 'ORD-1'), order('S-9', 'ORD-1'), invoice('I-1', 'S-1', 'ORD-1')]);
    expect(r.findings).toEqual([{ code: FindingCode.duplicate, severity: 'error', salesOrderId: 'id-ORD-1', orderNumber: 'ORD-1', params: { order: 'ORD-1', erpNumbers: 'S-1, S-9', count: 2, kept: 'S-9' } }]);
    expect(r.matched).toBe(0);
  });

  it('an ERP order Sales does not show, another number than it shows, or none at all', () => {
    const r = run([sale('ORD-1', null), sale('ORD-2', 'S-7'), sale('ORD-3', 'S-3'), sale('ORD-4', null)], [order('S-1', 'ORD-1'), order('S-2', 'ORD-2'), order('S-7', 'OTHER')]);
    expect(codes(r)).toEqual([
      ['ORD-1', FindingCode.notLinked, 'error'],
      ['ORD-2', FindingCode.numberMismatch, 'error'],
      ['ORD-3', FindingCode.missing, 'error'],
    ]);
    expect(r.findings[1].params).toEqual({ order: 'ORD-2', erpNumber: 'S-2', shown: 'S-7' });
    expect([r.disagreements, r.amountDifferences]).toEqual([3, 0]);
  });

  it('amounts: beyond the tolerance is a warning with both figures; the open order wins over its invoices', () => {
    const money = (a: number, c: string) => `${c} ${a.toFixed(2)}`;
    const r = reconcile([sale('ORD-1', 'S-1', 100), sale('ORD-2', 'S-2', 100), sale('ORD-3', 'S-3', 100)], [order('S-1', 'ORD-1', 112.3), order('S-2', 'ORD-2', 100.01), order('S-3', 'ORD-3', 100), invoice('I-3', 'S-3', 'ORD-3', 40)], { lcy: 'EUR', money });
    expect(r.findings).toEqual([{ code: FindingCode.amountMismatch, severity: 'warning', salesOrderId: 'id-ORD-1', orderNumber: 'ORD-1', params: { order: 'ORD-1', erpNumber: 'S-1', salesAmount: 'EUR 100.00', erpAmount: 'EUR 112.30', difference: '+EUR 12.30' } }]);
    expect(r.matched).toBe(3);
  });

  it('amounts in different currencies or unknown are not compared', () => {
    const r = run([sale('ORD-1', 'S-1', 100, 'CHF'), sale('ORD-2', 'S-2', null), sale('ORD-3', 'S-3', 100, 'USD')], [order('S-1', 'ORD-1', 90), order('S-2', 'ORD-2', 90), order('S-3', 'ORD-3', 90, 'USD')]);
    expect(codes(r)).toEqual([['ORD-3', FindingCode.amountMismatch, 'warning']]);
  });
});

describe('reconcile: orders submitted without a request (issue 15, path 3)', () => {
  const orphan = (number: string, since: string | null): SalesOrderFacts => ({ ...sale(number, null), orphaned: { since } });

  it('an orphaned order the ERP does not have is an error saying since when; the date is formatted by the caller', () => {
    const date = (iso: string | null) => (iso ? `on ${iso.slice(0, 10)}` : 'unknown');
    const r = reconcile([orphan('ORD-1', '2026-03-01T10:00:00Z'), orphan('ORD-2', null), sale('ORD-3', null)], [], { lcy: 'EUR', date });
    expect(r.findings).toEqual([
      { code: FindingCode.orphaned, severity: 'error', salesOrderId: 'id-ORD-1', orderNumber: 'ORD-1', params: { order: 'ORD-1', since: 'on 2026-03-01' } },
      { code: FindingCode.orphaned, severity: 'error', salesOrderId: 'id-ORD-2', orderNumber: 'ORD-2', params: { order: 'ORD-2', since: 'unknown' } },
    ]);
    expect([r.disagreements, r.matched]).toEqual([2, 0]);
  });

  it('an orphaned order whose ERP order exists is a lost answer (not linked), not an orphan: the more precise finding wins', () => {
    const r = run([orphan('ORD-1', '2026-03-01T10:00:00Z')], [order('S-1', 'ORD-1')]);
    expect(codes(r)).toEqual([['ORD-1', FindingCode.notLinked, 'error']]);
  });
});
