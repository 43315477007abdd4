/**
 * npm run configure-forms against the Dataverse stand-in (its seeded main forms): the controls land on the four
 * forms, the patched forms read back valid, a second run writes nothing, and the errors an admin can meet
 * (missing privilege, form changed meanwhile) are explained.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { startDataverse, type DataverseStandIn } from '../../sandbox/dataverse';
import { configureForms, DataverseClient, newSchemaErrors, type FormRow } from '../../solution/tools/configure-forms';

let dv: DataverseStandIn;
const originals = new Map<string, string>();

async function forms(): Promise<(FormRow & { objecttypecode: string })[]> {
  const r = await fetch(`${dv.apiUrl}systemforms?$select=formid,name,formxml,objecttypecode&$filter=type eq 2`, { headers: { Authorization: `Bearer ${dv.tokens.admin}` } });
  return ((await r.json()) as { value: (FormRow & { objecttypecode: string })[] }).value;
}

const customControls = (xml: string) =>
  Array.from(new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagName('customControl') as unknown as ArrayLike<Element>).filter((c) => (c.getAttribute('name') ?? '').startsWith('erp_ErpLink.'));

beforeAll(async () => {
  dv = await startDataverse();
  for (const f of await forms()) originals.set(f.formid, f.formxml);
});
afterAll(() => dv.close());

test('a user who may not customise forms gets the 403 with what to do, and nothing is written', async () => {
  const client = new DataverseClient(dv.baseUrl, dv.tokens.salesperson);
  await expect(configureForms(client, { tables: ['product'] })).rejects.toThrow(/HTTP 403.*System Customizer or System Administrator/s);
  const product = (await forms()).find((f) => f.objecttypecode === 'product')!;
  expect(product.formxml).toBe(originals.get(product.formid));
});

test('registers the form scripts and adds each control to its main form, bound as the control expects, and publishes', async () => {
  dv.requestLog.reset();
  const result = await configureForms(new DataverseClient(dv.baseUrl, dv.tokens.admin));
  expect(result.outcomes.map((o) => [o.table, o.form, o.status])).toEqual([
    ['salesorder', 'Order', 'added'],
    ['quote', 'Quote', 'added'],
    ['account', 'Account', 'added'],
    ['product', 'Product', 'added'],
    ['account', 'Account', 'added'],
    ['product', 'Product', 'added'],
    ['salesorderdetail', 'Order Product', 'added'],
    ['quotedetail', 'Quote Product', 'added'],
  ]);
  expect(result.published).toEqual(['salesorder', 'quote', 'account', 'product', 'salesorderdetail', 'quotedetail']);
  expect(result.validated).toBe(true);
  expect(dv.requestLog.count(/^PATCH systemforms/)).toBe(8);
  expect(dv.requestLog.count(/^POST PublishXml/)).toBe(1);

  const byTable = new Map((await forms()).map((f) => [f.objecttypecode, f]));
  const bindings = (table: string) =>
    customControls(byTable.get(table)!.formxml).map((c) => [c.getAttribute('name'), c.getAttribute('formFactor'), ...Array.from(c.getElementsByTagName('parameters')[0].childNodes as unknown as ArrayLike<Element>).filter((n) => n.nodeType === 1).map((p) => `${p.tagName}=${p.textContent}`)]);
  expect(bindings('account')).toEqual(['0', '1', '2'].map((f) => ['erp_ErpLink.AccountStatistics', f, 'account=erp_customernumber']));
  expect(bindings('product')).toEqual(['0', '1', '2'].map((f) => ['erp_ErpLink.ItemAvailability', f, 'product=erp_itemnumber']));
  for (const table of ['salesorderdetail', 'quotedetail']) {
    expect(bindings(table)).toEqual(['0', '1', '2'].map((f) => ['erp_ErpLink.ItemAvailability', f, 'product=productid', 'quantity=quantity', 'shipFrom=erp_locationcode']));
  }
  // The order form runs the order script on load and when the submission status changes.
  const order = new DOMParser().parseFromString(byTable.get('salesorder')!.formxml, 'text/xml');
  const all = (tag: string) => Array.from(order.getElementsByTagName(tag) as unknown as ArrayLike<Element>);
  expect(all('Library').map((l) => l.getAttribute('name'))).toContain('erp_/js/salesorder.js');
  const handlers = all('Handler').map((h) => `${(h.parentNode!.parentNode as Element).getAttribute('name')}:${(h.parentNode!.parentNode as Element).getAttribute('attribute') ?? ''}:${h.getAttribute('functionName')}:${h.getAttribute('passExecutionContext')}`);
  expect(handlers).toEqual(expect.arrayContaining(['onload::ErpLink.SalesOrder.onLoad:true', 'onchange:erp_submissionstatus:ErpLink.SalesOrder.onSubmissionStatusChange:true']));
  // What was added is valid FormXml.
  for (const f of byTable.values()) expect(newSchemaErrors(originals.get(f.formid)!, f.formxml)).toEqual([]);
});

test('a second run finds the controls, writes nothing and publishes nothing', async () => {
  dv.requestLog.reset();
  const result = await configureForms(new DataverseClient(dv.baseUrl, dv.tokens.admin));
  expect(result.outcomes.map((o) => o.status)).toEqual(Array(8).fill('present'));
  expect(result.published).toEqual([]);
  expect(dv.requestLog.count(/^PATCH/)).toBe(0);
  expect(dv.requestLog.count(/PublishXml/)).toBe(0);
});

test('a form changed by someone else since it was read is not overwritten (If-Match → 412)', async () => {
  const client = new DataverseClient(dv.baseUrl, dv.tokens.admin);
  const [stale] = await client.mainForms('account');
  await client.updateFormXml(stale, stale.formxml.replace('Account Name', 'Company Name'));
  await expect(client.updateFormXml(stale, stale.formxml)).rejects.toThrow(/HTTP 412.*run the command again/s);
  expect((await client.mainForms('account'))[0].formxml).toContain('Company Name');
});

/** Runs the CLI without blocking this process, which also serves the stand-in. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const root = path.resolve(__dirname, '../..');
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['solution/tools/configure-forms.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATAVERSE_URL: dv.baseUrl, DATAVERSE_TOKEN: dv.tokens.admin },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('the CLI: --dry-run lists what it would do against DATAVERSE_URL / DATAVERSE_TOKEN and writes nothing', async () => {
  dv.requestLog.reset();
  const r = await cli(['--dry-run', '--table=product']);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/product\s+Product\s+erp_ErpLink\.ItemAvailability\s+already there, left as is/);
  expect(r.stdout).toContain('Dry run: nothing was written.');
  expect(dv.requestLog.count(/^PATCH/)).toBe(0);
  const bad = await cli(['--table=invoice']);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('--table=invoice: ERP Link changes the forms of account, product, salesorderdetail, quotedetail, salesorder, quote.');
});
