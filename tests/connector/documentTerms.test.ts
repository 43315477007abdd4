/**
 * Payment terms and freight terms of a Sales order or quote reach the ERP document (original-solution.md §4.3),
 * against both stand-ins: through the PAYMENT TERMS coupling of the account choice with the same label, through a
 * label that is an ERP code, and, when nothing matches, as a warning in the request log with the customer's terms
 * left to the ERP. The shipping method, which API v2.0 cannot take, is reported too.
 */
import { RequestKind, RequestStatus, Tables } from '../../domain/schema';
import { api, bcApi, createOrder, createQuote, drain, queueRequest, quoteKey, request, startStandins, startTestConnector, submitOrder, type Json, type Standins } from './harness';

jest.setTimeout(60_000);

let h: Standins;
let c: Awaited<ReturnType<typeof startTestConnector>>;
let customerTermsCode: string;
let customerShipmentCode: string;
let coupledTerms: Json;

beforeAll(async () => {
  h = await startStandins();
  c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
  const bc = bcApi(h);
  const [customer] = await bc.list(`customers?$filter=number eq 'C10000'&$select=paymentTermsId,shipmentMethodId`);
  const terms = await bc.list('paymentTerms?$select=id,code');
  const methods = await bc.list('shipmentMethods?$select=id,code');
  customerTermsCode = terms.find((t: Json) => t.id === customer.paymentTermsId)?.code ?? '';
  customerShipmentCode = methods.find((m: Json) => m.id === customer.shipmentMethodId)?.code ?? '';
  // Coupled terms that differ from the customer's, so the document's terms are seen to win.
  coupledTerms = terms.find((t: Json) => t.id !== customer.paymentTermsId && t.code !== 'COD');
  // What the PAYMENT TERMS mapping writes: the account choice 1 ("Net 30") ⇄ an ERP payment term.
  await api(h).create(Tables.coupling.entitySet, {
    erp_name: `Net 30 ⇄ ${coupledTerms.code}`,
    erp_crmtable: 'account.paymenttermscode',
    erp_crmid: '1',
    erp_erpentity: 'paymentTerms',
    erp_erpid: coupledTerms.id,
    erp_erpnumber: coupledTerms.code,
  });
  // A freight-terms choice only orders and quotes have, labelled with an ERP shipment method code.
  await api(h).call('POST', 'InsertOptionValue', { EntityLogicalName: 'salesorder', AttributeLogicalName: 'freighttermscode', Value: 719250001, Label: { LocalizedLabels: [{ Label: 'PICKUP', LanguageCode: 1033 }] } });
  await api(h).call('POST', 'InsertOptionValue', { EntityLogicalName: 'quote', AttributeLogicalName: 'freighttermscode', Value: 719250001, Label: { LocalizedLabels: [{ Label: 'PICKUP', LanguageCode: 1033 }] } });
});
afterAll(async () => {
  await c?.close();
  await h?.close();
});

async function codeOf(entitySet: string, id: string): Promise<string> {
  return (await bcApi(h).list(`${entitySet}?$select=id,code`)).find((r: Json) => r.id === id)?.code ?? '';
}

async function submitted(extra: Record<string, unknown>): Promise<{ erp: Json; row: Json }> {
  const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 1 }], extra });
  const requestId = await submitOrder(h, orderId);
  await drain(h, c, [requestId]);
  const row = await request(h, requestId);
  const { ordernumber } = await api(h).get(`salesorders(${orderId})?$select=ordernumber`);
  const [erp] = await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${ordernumber}'`);
  return { erp, row };
}

describe('payment terms and shipment method on ERP documents', () => {
  it('the seeded customer has terms of its own to fall back on', () => {
    expect(customerTermsCode).not.toBe('');
    expect(coupledTerms.code).not.toBe(customerTermsCode);
  });

  it('an order’s payment terms go through the coupling of the account choice with the same label; freight terms through a label that is an ERP code', async () => {
    const { erp, row } = await submitted({ paymenttermscode: 1, freighttermscode: 719250001 });
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(await codeOf('paymentTerms', erp.paymentTermsId)).toBe(coupledTerms.code);
    expect(await codeOf('shipmentMethods', erp.shipmentMethodId)).toBe('PICKUP');
    expect(row.erp_log).not.toMatch(/warning: The (payment|freight) terms/);
  });

  it('terms that match nothing are a warning in the request log, and the ERP keeps the customer’s; the shipping method is reported', async () => {
    const { erp, row } = await submitted({ paymenttermscode: 3, freighttermscode: 1, shippingmethodcode: 4 });
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(await codeOf('paymentTerms', erp.paymentTermsId)).toBe(customerTermsCode);
    expect(await codeOf('shipmentMethods', erp.shipmentMethodId)).toBe(customerShipmentCode);
    expect(row.erp_log).toContain('warning: The payment terms “Net 45” of the document match no ERP payment terms');
    expect(row.erp_log).toContain('warning: The freight terms “FOB” of the document match no ERP shipment method');
    expect(row.erp_log).toContain('warning: The shipping method “UPS” of the document is not sent');
  });

  it('a quote carries its payment terms and freight terms to the ERP quote', async () => {
    const quoteId = await createQuote(h, { name: 'Devis conditions', lines: [{ productNumber: 'SAF-0001', quantity: 2 }], extra: { paymenttermscode: 1, freighttermscode: 719250001 } });
    const a = api(h);
    const requestId = await queueRequest(h, RequestKind.processQuote, 'quote', quoteId, await quoteKey(h, quoteId));
    await drain(h, c, [requestId]);
    expect((await request(h, requestId)).erp_status).toBe(RequestStatus.succeeded);
    const { quotenumber } = await a.get(`quotes(${quoteId})?$select=quotenumber`);
    const [erp] = await bcApi(h).list(`salesQuotes?$filter=externalDocumentNumber eq '${quotenumber}'`);
    expect(await codeOf('paymentTerms', erp.paymentTermsId)).toBe(coupledTerms.code);
    expect(await codeOf('shipmentMethods', erp.shipmentMethodId)).toBe('PICKUP');
  });
});
