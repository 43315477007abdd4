/**
 * Order reconciliation against both stand-ins: submitted orders agree (open, and invoiced then deleted by the ERP);
 * each disagreement a real incident leaves (a duplicate made in the ERP, a lost answer, a wrong number, an order
 * deleted in the ERP, a quantity changed in the ERP) is found once, worded with what to do; the request kind is for
 * administrators and answers in its payload; the CLI's exit codes and output.
 */
import { Writable } from 'stream';
import { RequestKind, RequestStatus, SubmissionStatus, SyncJobKind, SyncJobState, Tables } from '../../domain/schema';
import { WebApiSetupData } from '../../webresources/setup/data';
import { main } from '../../connector/reconcileCli';
import { reconcileOrders } from '../../connector/reconcile';
import { api, bcApi, connectorEnv, createOrder, drain, request, startStandins, startTestConnector, submitOrder, type Json, type Standins } from './harness';

jest.setTimeout(90_000);

let h: Standins;
let c: Awaited<ReturnType<typeof startTestConnector>>;
const since = () => new Date(Date.now() - 86_400_000);
const bcHeaders = () => ({ Authorization: `Bearer ${h.bc.token}`, 'Content-Type': 'application/json', 'If-Match': '*' });

async function submitted(quantity = 2): Promise<{ id: string; number: string; erpNumber: string }> {
  const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity }] });
  const r = await submitOrder(h, id);
  await drain(h, c, [r]);
  expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
  const o = await api(h).get(`salesorders(${id})?$select=ordernumber,erp_erpordernumber`);
  return { id, number: o.ordernumber, erpNumber: o.erp_erpordernumber };
}

const findingsOf = async (number: string) => (await reconcileOrders(c.services, since())).findings.filter((f) => f.orderNumber === number);

beforeAll(async () => {
  h = await startStandins();
  c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
});
afterAll(async () => {
  await c?.close();
  await h?.close();
});

describe('order reconciliation', () => {
  it('orders in the ERP once, open or invoiced and deleted by the ERP, agree to the cent', async () => {
    const open = await submitted();
    const invoiced = await submitted(3);
    await bcApi(h).admin('POST', `salesOrders/${invoiced.erpNumber}/release`);
    await bcApi(h).admin('POST', `salesOrders/${invoiced.erpNumber}/shipAndInvoice`, {});
    expect(await bcApi(h).list(`salesOrders?$filter=number eq '${invoiced.erpNumber}'`)).toEqual([]);
    const report = await reconcileOrders(c.services, since());
    expect(report.findings.filter((f) => [open.number, invoiced.number].includes(f.orderNumber))).toEqual([]);
    expect(report.matched).toBeGreaterThanOrEqual(2);
    expect(report.requests).toEqual({ dataverse: 1, erp: 1 });
  });

  it('an order created twice in the ERP is a duplicate naming both', async () => {
    const o = await submitted();
    const [erp] = await bcApi(h).list(`salesOrders?$filter=number eq '${o.erpNumber}'&$select=customerNumber,externalDocumentNumber`);
    const res = await fetch(`${h.bc.companyUrl}/salesOrders`, { method: 'POST', headers: bcHeaders(), body: JSON.stringify({ customerNumber: erp.customerNumber, externalDocumentNumber: erp.externalDocumentNumber }) });
    const twin = (await res.json()) as Json;
    const [f] = await findingsOf(o.number);
    expect(f).toMatchObject({ code: 'RECON_DUPLICATE', severity: 'error', salesOrderId: o.id });
    expect(f.text).toBe(`The Sales order ${o.number} is in the ERP 2 times: ${[o.erpNumber, twin.number].sort().join(', ')}. Keep ${o.erpNumber}, and delete or cancel the others in the ERP before they ship.`);
  });

  it('a lost answer (Sales shows no ERP number), a wrong number and an order deleted in the ERP are each said with the fix', async () => {
    const lost = await submitted();
    // As a crash between the ERP create and the write-back leaves it (submitted orders are the connector's to write).
    const connector = api(h, 'integration');
    await connector.patch('salesorders', lost.id, { erp_erpordernumber: null, erp_submissionstatus: SubmissionStatus.failed });
    const wrong = await submitted();
    await connector.patch('salesorders', wrong.id, { erp_erpordernumber: lost.erpNumber });
    const deleted = await submitted();
    await bcApi(h).admin('DELETE', `salesOrders/${deleted.erpNumber}`);
    expect((await findingsOf(lost.number)).map((f) => f.text)).toEqual([
      `The ERP order ${lost.erpNumber} carries the Sales order ${lost.number}, which does not show it (the ERP’s answer was lost). Use Retry submission on ${lost.number}: the connector finds ${lost.erpNumber} and links it; nothing is created twice.`,
    ]);
    expect((await findingsOf(wrong.number)).map((f) => [f.code, f.params.shown, f.params.erpNumber])).toEqual([['RECON_NUMBER_MISMATCH', lost.erpNumber, wrong.erpNumber]]);
    expect((await findingsOf(deleted.number)).map((f) => f.code)).toEqual(['RECON_MISSING']);
  });

  it('a quantity changed in the ERP is an amount difference (a warning), in the organisation’s formatting', async () => {
    const o = await submitted(2);
    const [erp] = await bcApi(h).list(`salesOrders?$filter=number eq '${o.erpNumber}'&$expand=salesOrderLines`);
    const line = (erp.salesOrderLines as Json[]).find((l) => l.lineType === 'Item');
    const patched = await fetch(`${h.bc.companyUrl}/salesOrders(${erp.id})/salesOrderLines(${line.id})`, { method: 'PATCH', headers: bcHeaders(), body: JSON.stringify({ quantity: 5 }) });
    expect(patched.status).toBe(200);
    const [f] = await findingsOf(o.number);
    expect(f).toMatchObject({ code: 'RECON_AMOUNT_MISMATCH', severity: 'warning' });
    const unit = line.unitPrice as number;
    expect(f.params.difference).toBe(`+€${(3 * unit).toFixed(2)}`);
  });

  it('the reconcile request: administrators get the report in the payload; salespeople are refused', async () => {
    const queue = async (user: string, payload: unknown) =>
      (await api(h, user).create(Tables.integrationRequest.entitySet, { erp_name: 'Reconcile', erp_kind: RequestKind.reconcile, erp_status: RequestStatus.pending, erp_idempotencykey: `reconcile:${user}:${Date.now()}:${Math.random()}`, erp_payload: JSON.stringify(payload) }));
    const ok = await queue('admin', { days: 2 });
    const bad = await queue('admin', { days: 0 });
    const refused = await queue('salesperson', {});
    await drain(h, c, [ok, bad, refused]);
    const row = await request(h, ok);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    const result = JSON.parse(row.erp_payload).result;
    expect(result.findings.map((f: Json) => f.code)).toEqual(expect.arrayContaining(['RECON_DUPLICATE', 'RECON_NOT_LINKED', 'RECON_NUMBER_MISMATCH', 'RECON_MISSING', 'RECON_AMOUNT_MISMATCH']));
    expect(result.findings.every((f: Json) => typeof f.text === 'string' && f.text.length > 20)).toBe(true);
    expect((await request(h, bad)).erp_lasterror).toContain('"days" must be a whole number of days from 1 to 366, not 0.');
    const r = await request(h, refused);
    expect(r.erp_status).toBe(RequestStatus.failed);
    expect(r.erp_lasterror).toMatch(/may not change ERP couplings|ERP Integration Administrator|Administrateur de l’intégration ERP/);
  });

  it('on a schedule: the result on one erp_syncjob row the setup page reads back', async () => {
    const report = await c.reconcile();
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    expect(errors).toBeGreaterThan(0);
    const [row] = await api(h).list(`erp_syncjobs?$filter=erp_mapping eq 'erp-reconcile:orders'`);
    expect(row).toMatchObject({ erp_kind: SyncJobKind.reconciliation, erp_state: SyncJobState.completedWithErrors, erp_unchanged: report.matched, erp_failed: errors, erp_skipped: report.findings.length - errors });
    expect(row.erp_name).toBe('Order reconciliation (orders of the last 30 days)');
    expect(row.erp_lasterror).toContain('is in the ERP 2 times');
    const page = new WebApiSetupData(h.dv.apiUrl, fetch, { Authorization: `Bearer ${h.dv.tokens.admin}` });
    expect(await page.lastReconciliation()).toEqual({ finishedOn: row.erp_finishedon, matched: report.matched, disagreements: errors, amountDifferences: report.findings.length - errors });
    // A second run updates the same row.
    await c.reconcile();
    expect(await api(h).list(`erp_syncjobs?$filter=erp_mapping eq 'erp-reconcile:orders'`)).toHaveLength(1);
  });

  it('npm run reconcile: one line per finding, exit 1 when Sales and the ERP disagree, 2 on bad arguments', async () => {
    let printed = '';
    const out = new Writable({ write: (chunk, _e, done) => ((printed += String(chunk)), done()) });
    const env = { ...connectorEnv(h), DOTENV_PATH: '/nonexistent/.env' };
    expect(await main(['--days', '2'], env, out)).toBe(1);
    expect(printed).toMatch(/^Sales orders submitted since \d{4}-\d{2}-\d{2}: \d+; in the ERP once and linked: \d+; ERP documents read: \d+\.$/m);
    expect(printed).toMatch(/^DISAGREES {2}\S+ {2}The Sales order \S+ is in the ERP 2 times/m);
    expect(printed).toMatch(/^AMOUNT {5}\S+ {2}The Sales order/m);
    expect(printed).toMatch(/^\d+ disagreement\(s\), \d+ amount difference\(s\)\.$/m);
    expect(await main(['--days', 'x'], env, out)).toBe(2);
    expect(await main(['--weeks'], env, out)).toBe(2);
  });
});
