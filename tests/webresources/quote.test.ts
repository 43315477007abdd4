import { XrmMockGenerator } from 'xrm-mock';
import { canOpenInErp, canProcess, openInErp, processInErp } from '../../webresources/quote/commands';
import { onLoad } from '../../webresources/quote/form';
import { quoteProcessingKey } from '../../domain/idempotency';
import { RequestKind, RequestStatus } from '../../domain/schema';
import { en, fr } from '../../domain/messages';
import { followsSettled } from '../../webresources/lib/follow';
import { alertText, confirmText, errorText, setup, teardown, type Harness } from './support/harness';
import { networkError } from './support/fakeDataverse';
import { ids, line, quote } from './support/fixtures';
import type { QuoteSnapshot } from '../../domain/orderValidation';

function openQuoteForm(snapshot: QuoteSnapshot = quote(), opts: { privileges?: string[]; confirm?: boolean; lcid?: number } = {}): Harness {
  const h = setup({ entityName: 'quote', id: ids.quote, ...opts });
  h.dv.put('quote', ids.quote, snapshot as unknown as Record<string, unknown>);
  h.dv.put('erp_connection', 'conn', { erp_connectionid: 'conn', erp_webclienturl: 'https://bc.example.com/?company=CRONUS', erp_writeinproducttype: 719250000, erp_writeinproductnumber: 'W' });
  h.dv.put('erp_coupling', 'c1', { erp_crmtable: 'systemuser', erp_crmid: ids.user, erp_erpnumber: 'AW' });
  h.dv.environment.erp_SubmissionTimeoutSeconds = '15';
  XrmMockGenerator.Attribute.createNumber('statecode', snapshot.statecode ?? 0);
  XrmMockGenerator.Attribute.createString('erp_erpquotenumber', snapshot.erp_erpquotenumber ?? (null as unknown as string));
  return h;
}

afterEach(teardown);

describe('Process in ERP', () => {
  it('queues one processQuote request with the revision-aware key and reports the ERP quote number', async () => {
    const h = openQuoteForm();
    h.dv.connector = { answerAfterPolls: 2, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SQ-1001' } };
    await processInErp(h.formContext);
    expect(confirmText(h)).toBe('Create or update quote QUO-01001-X1Y2Z3 in the ERP?');
    expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')[0].data).toEqual(expect.objectContaining({
      erp_kind: RequestKind.processQuote, erp_targettable: 'quote', erp_targetid: ids.quote, erp_idempotencykey: quoteProcessingKey(quote()),
      erp_payload: JSON.stringify({ quotenumber: 'QUO-01001-X1Y2Z3', revisionnumber: 0 }),
    }));
    expect(h.dv.callsOf('updateRecord')).toEqual([]);
    expect(alertText(h)).toBe('The quote is in the ERP as quote SQ-1001.');
    // The form is refreshed before the result shows (issue 19, finding 4).
    expect(h.refresh.mock.invocationCallOrder[0]).toBeLessThan(h.alert.mock.invocationCallOrder[0]);
    expect(h.closeProgress).toHaveBeenCalledTimes(3);
  });

  it('warns when the ERP lacks stock for a line (what it could ship if the quote is won); no credit check, no statistics read', async () => {
    const h = openQuoteForm(quote({ quote_details: [{ ...line({ erp_locationcode: null }), quotedetailid: ids.line1 }] }));
    h.dv.put('account', ids.account, { accountid: ids.account, erp_accountstatisticsid: { erp_currencycode: 'EUR', erp_balance: 5000, erp_creditlimit: 10 } });
    h.dv.put('erp_itemavailability', 'a1', { _erp_productid_value: ids.bike, erp_locationcode: 'MAIN', erp_onhand: 1, erp_reserved: 0, erp_available: 1, erp_incoming: 0, erp_unit: 'Piece', erp_refreshedon: '2026-12-05T09:00:00Z' });
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SQ-2' } };
    await processInErp(h.formContext);
    expect(confirmText(h)).toContain('Line 1 (Bike 500): 2 Piece requested, 1 Piece available in the ERP across all locations, and no receipt is expected for the rest.');
    expect(confirmText(h)).not.toContain('credit limit');
    expect(h.dv.callsOf('retrieveRecord', 'account')).toEqual([]);
    expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')).toHaveLength(1);
  });

  it('a draft quote is refused with every other problem listed', async () => {
    const h = openQuoteForm(quote({ statecode: 0, statuscode: 1, quote_details: [{ ...line({ quantity: -1 }), quotedetailid: ids.line1 }] }));
    await processInErp(h.formContext);
    expect(alertText(h)).toContain(`1. ${en.QUOTE_NOT_ACTIVE}`);
    expect(alertText(h)).toContain('2. Line 1 has quantity -1.');
    expect(h.dv.callsOf('createRecord')).toEqual([]);
  });

  it('processing the same quote twice follows the open request', async () => {
    const h = openQuoteForm();
    h.dv.put('erp_integrationrequest', 'r1', { erp_integrationrequestid: 'r1', erp_idempotencykey: quoteProcessingKey(quote()), erp_status: RequestStatus.pending });
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SQ-1' } };
    await processInErp(h.formContext);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
    expect(alertText(h)).toBe('The quote is in the ERP as quote SQ-1.');
  });

  it('a new revision is a new request', async () => {
    const h = openQuoteForm(quote({ revisionnumber: 1 }));
    h.dv.put('erp_integrationrequest', 'r0', { erp_integrationrequestid: 'r0', erp_idempotencykey: quoteProcessingKey(quote()), erp_status: RequestStatus.succeeded });
    h.dv.connector = { answerAfterPolls: 1 };
    await processInErp(h.formContext);
    expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')).toHaveLength(1);
  });

  it('privilege missing: explained, nothing read', async () => {
    const h = openQuoteForm(quote(), { privileges: [] });
    await processInErp(h.formContext);
    expect(errorText(h)).toBe(en['Error.NoPrivilege']);
    expect(h.dv.calls).toEqual([]);
  });

  it('connector silent: released after erp_SubmissionDialogSeconds, told the quote is queued (issue 19, finding 5)', async () => {
    const h = openQuoteForm();
    h.dv.environment.erp_SubmissionDialogSeconds = '3';
    let closedAt = -1;
    h.closeProgress.mockImplementation(() => void (closedAt = h.elapsed()));
    await processInErp(h.formContext);
    // The progress closed after 3 s, not after the 15 s timeout; the user reads the request is queued and works on.
    expect(closedAt).toBe(3000);
    const text = en['Result.QuoteQueued'].replace('{number}', 'QUO-01001-X1Y2Z3');
    expect(alertText(h)).toBe(text);
    expect(h.notifications()).toEqual([{ level: 'INFO', uniqueId: 'erp_request_wait', message: text }]);
    expect(h.closeProgress).toHaveBeenCalledTimes(3);
    expect(h.error).not.toHaveBeenCalled();
  });

  it('the answer lands after the release: the form refreshes itself, the notification goes, no second dialog', async () => {
    const h = openQuoteForm();
    // 4 reads fit in the default 5 s; the 6th read (in the background) finds the answer.
    h.dv.connector = { answerAfterPolls: 6, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SQ-9' } };
    await processInErp(h.formContext);
    expect(alertText(h)).toBe(en['Result.QuoteQueued'].replace('{number}', 'QUO-01001-X1Y2Z3'));
    await followsSettled();
    expect(h.dv.pollsOf(h.dv.rows('erp_integrationrequest')[0].erp_integrationrequestid as string)).toBe(6);
    expect(h.refresh).toHaveBeenCalledTimes(1);
    expect(h.refresh.mock.invocationCallOrder[0]).toBeGreaterThan(h.alert.mock.invocationCallOrder[0]);
    expect(h.notifications()).toEqual([]);
    expect(h.alert).toHaveBeenCalledTimes(1);
  });

  it('a failure that lands after the release shows on the form, in French', async () => {
    const h = openQuoteForm(quote(), { lcid: 1036 });
    h.dv.connector = { answerAfterPolls: 6, result: { erp_status: RequestStatus.failed, erp_lasterror: 'Devis archivé.' } };
    await processInErp(h.formContext);
    expect(alertText(h)).toBe(fr['Result.QuoteQueued'].replace('{number}', 'QUO-01001-X1Y2Z3'));
    await followsSettled();
    expect(h.notifications()).toEqual([{ level: 'ERROR', uniqueId: 'erp_request_wait', message: fr['Error.RequestFailed'].replace('{error}', 'Devis archivé.') }]);
    expect(h.refresh).toHaveBeenCalledTimes(1);
    expect(h.error).not.toHaveBeenCalled();
  });

  it('request failed: the connector’s error in an error dialog', async () => {
    const h = openQuoteForm();
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.failed, erp_lasterror: 'Quote is archived.' } };
    await processInErp(h.formContext);
    expect(errorText(h)).toBe('The ERP could not process the request: Quote is archived.');
  });

  it('network error: explained, progress closed', async () => {
    const h = openQuoteForm();
    h.dv.fail('createRecord', 'erp_integrationrequest', networkError());
    await processInErp(h.formContext);
    expect(errorText(h)).toContain('could not be reached');
    expect(h.closeProgress).toHaveBeenCalledTimes(h.showProgress.mock.calls.length);
  });

  it('cancelled confirmation: nothing queued', async () => {
    const h = openQuoteForm(quote(), { confirm: false });
    await processInErp(h.formContext);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
  });
});

describe('quote rules, link and form', () => {
  it('Process is enabled for activated and won quotes only', async () => {
    expect(await canProcess(openQuoteForm().formContext)).toBe(true);
    expect(await canProcess(openQuoteForm(quote({ statecode: 2 })).formContext)).toBe(true);
    expect(await canProcess(openQuoteForm(quote({ statecode: 0 })).formContext)).toBe(false);
    expect(await canProcess(openQuoteForm(quote(), { privileges: [] }).formContext)).toBe(false);
    // Read-only users (the availability-only user) may create requests but not write quotes: no Process in ERP.
    expect(await canProcess(openQuoteForm(quote(), { privileges: ['prvCreateerp_IntegrationRequest', 'prvReadQuote'] }).formContext)).toBe(false);
    expect(await canProcess(openQuoteForm(quote(), { privileges: ['prvCreateerp_IntegrationRequest', 'prvWriteQuote'] }).formContext)).toBe(true);
  });
  it('Open in ERP opens the sales quote page', async () => {
    const h = openQuoteForm(quote({ erp_erpquotenumber: 'SQ-7' }));
    expect(await canOpenInErp(h.formContext)).toBe(true);
    await openInErp(h.formContext);
    expect(h.openUrl).toHaveBeenCalledWith("https://bc.example.com/?company=CRONUS&page=41&filter='No.'%20IS%20'SQ-7'");
    expect(await canOpenInErp(openQuoteForm().formContext)).toBe(false);
  });
  it('the form tells when the quote is in the ERP', () => {
    const h = openQuoteForm(quote({ erp_erpquotenumber: 'SQ-7' }));
    onLoad(h.executionContext);
    expect(h.notifications()).toEqual([{ level: 'INFO', uniqueId: 'erp_quote_state', message: 'This quote is in the ERP as quote SQ-7.' }]);
    expect((h.formContext.getControl('erp_erpquotenumber') as Xrm.Controls.StandardControl).getDisabled()).toBe(true);
  });
});
