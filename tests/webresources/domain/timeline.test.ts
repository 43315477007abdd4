import { POST_TEXT_MAX, submittedPostRecord, timelineEventKey, timelinePostRecord, timelinePostText, type TimelineEvent } from '../../../domain/timeline';
import { PostSource, PostType } from '../../../domain/dataverseCodes';

const events: TimelineEvent[] = [
  { kind: 'submitted', by: 'Alex Wu' },
  { kind: 'submitted' },
  { kind: 'submissionFailed', error: 'Customer 10000 is blocked.' },
  { kind: 'createdInErp', erpNumber: 'SO-1001' },
  { kind: 'quoteProcessed', erpNumber: 'SQ-1001' },
  { kind: 'released', erpNumber: 'SO-1001' },
  { kind: 'shipped', shipmentNumber: 'SH-1', date: '2025-03-15', trackingNumber: '1Z999', complete: false },
  { kind: 'shipped', shipmentNumber: 'SH-2', date: '2025-03-16', complete: true },
  { kind: 'invoiced', invoiceNumber: 'INV-1', date: '2025-03-17', amount: 1234.5, currency: 'EUR', complete: true },
  { kind: 'invoiced', invoiceNumber: 'INV-0', complete: false },
  { kind: 'paid', invoiceNumber: 'INV-1', complete: false, remaining: 234.5, currency: 'EUR' },
  { kind: 'paid', invoiceNumber: 'INV-1', complete: true },
];

describe('timeline posts', () => {
  it('renders shipments with number, date and tracking, in English and French', () => {
    const e = events[6];
    expect(timelinePostText(e, 1033)).toBe('Part of the order has been shipped: shipment SH-1 on Mar 15, 2025, tracking number 1Z999.');
    expect(timelinePostText(e, 1036)).toBe('Une partie de la commande a été expédiée : expédition SH-1 du 15 mars 2025, numéro de suivi 1Z999.');
  });
  it('keeps BC’s own label for releases', () => {
    expect(timelinePostText({ kind: 'released' }, 1033)).toBe('The order status has changed to Released.');
  });
  it('renders amounts with their currency and partial payments with what remains', () => {
    expect(timelinePostText(events[8], 1033)).toBe('The order has been invoiced in full: invoice INV-1 of Mar 17, 2025, €1,234.50 incl. tax.');
    // The ERP's amounts are tax included, the Sales order's total is not: the post says which (issue 19, finding 8).
    expect(timelinePostText(events[8], 1036)).toMatch(/^La commande a été entièrement facturée : facture INV-1 du 17 mars 2025, 1\s234,50\s€ TTC\.$/);
    expect(timelinePostText(events[10], 1033)).toBe('Invoice INV-1 has been paid in part; €234.50 incl. tax remains to be paid.');
    expect(timelinePostText(events[10], 1036)).toMatch(/^La facture INV-1 a été partiellement payée ; reste à payer : 234,50\s€ TTC\.$/);
    expect(timelinePostText(events[11], 1036)).toBe('La facture INV-1 a été entièrement payée.');
  });
  it('every event has distinct, non-empty texts in both languages', () => {
    for (const e of events) {
      const enText = timelinePostText(e, 1033);
      const frText = timelinePostText(e, 1036);
      expect(enText.length).toBeGreaterThan(10);
      expect(frText).not.toBe(enText);
    }
    expect(timelinePostText(events[3], 1031)).toBe(timelinePostText(events[3], 1033));
  });
  it('shortens over-long texts visibly, never silently', () => {
    const text = timelinePostText({ kind: 'submissionFailed', error: 'x'.repeat(5000) }, 1033);
    expect(text.length).toBe(POST_TEXT_MAX);
    expect(text.endsWith('(full text on the ERP integration request)')).toBe(true);
  });
  it('builds the post row regarding the order, manual/status', () => {
    expect(timelinePostRecord({ table: 'salesorder', id: '{ABC}' }, events[3], 1033)).toEqual({
      text: 'The order was created in the ERP as order SO-1001.',
      source: PostSource.manualPost,
      type: PostType.status,
      'regardingobjectid_salesorder@odata.bind': '/salesorders(abc)',
    });
    expect(timelinePostRecord({ table: 'quote', id: 'q1' }, events[4])).toHaveProperty(['regardingobjectid_quote@odata.bind'], '/quotes(q1)');
  });
  it('writes the browser’s "submitted" post exactly as the generic builder does, in every language and when long', () => {
    const long = 'N'.repeat(POST_TEXT_MAX);
    for (const lcid of [1033, 1036, 3084, 1031])
      for (const by of ['Alex Wu', null, undefined, long])
        for (const regarding of [{ table: 'salesorder' as const, id: '{AB-12}' }, { table: 'quote' as const, id: 'cd-34' }])
          expect(submittedPostRecord(regarding, by, lcid)).toEqual(timelinePostRecord(regarding, { kind: 'submitted', by }, lcid));
    expect(submittedPostRecord({ table: 'salesorder', id: 'x' }, 'Alex Wu', 1036).text).toBe('La commande a été envoyée à l’ERP par Alex Wu.');
  });

  it('names events stably for dedup', () => {
    expect(timelineEventKey(events[6])).toBe('shipped:SH-1');
    expect(timelineEventKey(events[10])).toBe('paid:INV-1:part:234.5');
    expect(new Set(events.map(timelineEventKey)).size).toBe(events.length - 1); // the two 'submitted' events share a key
  });
});
