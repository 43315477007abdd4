import {
  decideSubmission,
  erpExternalDocumentNumber,
  erpLookupFilter,
  fingerprintText,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  orderSubmissionKey,
  quoteProcessingKey,
  refreshKey,
  requestKeyFilter,
  roundKey,
  roundOf,
} from '../../../domain/idempotency';
import { RequestStatus, SubmissionStatus } from '../../../domain/schema';
import { ids, line, order, quote } from '../support/fixtures';

describe('idempotency keys', () => {
  it('the same order read twice (double click, two tabs, connector pick-up) gives the same key', () => {
    expect(orderSubmissionKey(order())).toBe(orderSubmissionKey(order()));
    expect(orderSubmissionKey(order())).toMatch(new RegExp(`^submitorder:${ids.order}:[0-9a-f]{16}$`));
  });
  it('ignores what submitting changes (state, submission status, ERP number) and id casing/braces', () => {
    const before = orderSubmissionKey(order());
    expect(orderSubmissionKey(order({ statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.failed, erp_erpordernumber: 'SO-1' }))).toBe(before);
    expect(orderSubmissionKey(order({ salesorderid: `{${ids.order.toUpperCase()}}` }))).toBe(before);
  });
  it('does not depend on the order the lines come in', () => {
    const a = line();
    const b = line({ salesorderdetailid: ids.line2, sequencenumber: 2, quantity: 5 });
    expect(orderSubmissionKey(order({ order_details: [a, b] }))).toBe(orderSubmissionKey(order({ order_details: [b, a] })));
  });
  it.each([
    ['a quantity', { order_details: [line({ quantity: 3 })] }],
    ['a price', { order_details: [line({ priceperunit: 501 })] }],
    ['a product', { order_details: [line({ _productid_value: ids.helmet })] }],
    ['a description', { order_details: [line({ description: 'blue' })] }],
    ['a line added', { order_details: [line(), line({ salesorderdetailid: ids.line2 })] }],
    ['the customer', { _customerid_value: ids.contact }],
    ['the currency', { _transactioncurrencyid_value: ids.unit }],
    ['the name', { name: 'Other' }],
    ['the delivery date', { requestdeliveryby: '2025-05-01' }],
  ])('a changed order (%s) gets a new key', (_t, overrides) => {
    expect(orderSubmissionKey(order(overrides as never))).not.toBe(orderSubmissionKey(order()));
  });
  it('quote keys include the revision', () => {
    expect(quoteProcessingKey(quote())).toMatch(new RegExp(`^processquote:${ids.quote}:0:[0-9a-f]{16}$`));
    expect(quoteProcessingKey(quote({ revisionnumber: 1 }))).not.toBe(quoteProcessingKey(quote()));
  });
  it('refresh keys are per record per minute', () => {
    expect(refreshKey('refreshstatistics', ids.account, new Date('2025-03-01T10:15:59Z'))).toBe(`refreshstatistics:${ids.account}:2025-03-01T10:15`);
    expect(refreshKey('refreshstatistics', ids.account, new Date('2025-03-01T10:15:01Z'))).toBe(refreshKey('refreshstatistics', ids.account, new Date('2025-03-01T10:15:59Z')));
  });
  it('keys fit the column, even at round 99', () => {
    expect(roundKey(orderSubmissionKey(order()), 99).length).toBeLessThanOrEqual(IDEMPOTENCY_KEY_MAX_LENGTH);
    expect(roundKey(quoteProcessingKey(quote({ revisionnumber: 999 })), 99).length).toBeLessThanOrEqual(IDEMPOTENCY_KEY_MAX_LENGTH);
  });
  it('fingerprints differ for close inputs and are stable', () => {
    expect(fingerprintText('a')).not.toBe(fingerprintText('b'));
    expect(fingerprintText('ab')).not.toBe(fingerprintText('ba'));
    expect(fingerprintText('été')).toBe(fingerprintText('été'));
    expect(fingerprintText('')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('decideSubmission', () => {
  const base = 'submitorder:x:0123456789abcdef';
  it('creates round 1 when nothing exists', () => {
    expect(decideSubmission(base, [])).toEqual({ action: 'create', key: base });
  });
  it.each([RequestStatus.pending, RequestStatus.processing, RequestStatus.retrying])('tracks an open request (status %s) instead of creating', (status) => {
    expect(decideSubmission(base, [{ id: 'r1', key: base, status }])).toEqual({ action: 'track', requestId: 'r1', key: base });
  });
  it('retries the failed request of the latest round with the same key', () => {
    expect(decideSubmission(base, [{ id: 'r1', key: base, status: RequestStatus.failed }])).toEqual({ action: 'retry', requestId: 'r1', key: base });
    expect(decideSubmission(base, [{ id: 'r1', key: base, status: RequestStatus.succeeded }, { id: 'r2', key: `${base}:2`, status: RequestStatus.failed }])).toEqual({
      action: 'retry', requestId: 'r2', key: `${base}:2`,
    });
  });
  it('starts the next round after a completed or cancelled one', () => {
    expect(decideSubmission(base, [{ id: 'r1', key: base, status: RequestStatus.succeeded }])).toEqual({ action: 'create', key: `${base}:2` });
    expect(decideSubmission(base, [{ id: 'r1', key: base, status: RequestStatus.cancelled }, { id: 'r2', key: `${base}:2`, status: RequestStatus.succeeded }])).toEqual({ action: 'create', key: `${base}:3` });
  });
  it('ignores keys that merely start with the base (another fingerprint)', () => {
    expect(roundOf(base, `${base}0`)).toBeNull();
    expect(roundOf(base, `${base}:x`)).toBeNull();
    expect(decideSubmission(base, [{ id: 'r9', key: `${base}0`, status: RequestStatus.pending }])).toEqual({ action: 'create', key: base });
  });
});

describe('ERP anchor', () => {
  it('carries the CRM number upper-cased in externalDocumentNumber, and finds it again', () => {
    expect(erpExternalDocumentNumber(' ord-01001-b7c4d2 ')).toBe('ORD-01001-B7C4D2');
    expect(erpLookupFilter("ord-1'2")).toBe("externalDocumentNumber eq 'ORD-1''2'");
  });
  it('refuses to cut: too long or empty numbers throw with the fix', () => {
    expect(() => erpExternalDocumentNumber('X'.repeat(36))).toThrow(/36 characters.*35.*Shorten/);
    expect(() => erpExternalDocumentNumber(' ')).toThrow(/empty/);
  });
  it('builds the request lookup filter', () => {
    expect(requestKeyFilter("a'b")).toBe("startswith(erp_idempotencykey,'a''b')");
  });
});
