/**
 * Entity maps (sandbox/dataverse/entityMaps.ts): ImportSolution refuses an attribute map the platform refuses
 * (different types, a shorter target, a column that does not exist, a target no user can set, a target mapped twice,
 * a pair with no entity map) and imports nothing; our zip's quotedetail → salesorderdetail map makes
 * ConvertQuoteToSalesOrder carry a quote line's ship-from location to the order line; without the map it is lost,
 * as on a tenant.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { QuoteState, QuoteStatus } from '../../domain/dataverseCodes';
import { pack } from '../../solution/tools/pack';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { fakeBuild } from '../support/fakeBuild';
import { client, idOf, start } from './support';

jest.setTimeout(60_000);

let dv: DataverseStandIn;
let zipBytes: Buffer;

beforeAll(async () => {
  const build = fakeBuild();
  const r = await pack({ ...build, outDir: path.join(build.root, 'bin'), version: '1.0.0', buildNumber: 1 });
  expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  zipBytes = fs.readFileSync(r.zipPath);
  // Standard tables only: the import brings our columns and our maps.
  dv = await start({ solutionSource: false });
});
afterAll(() => dv.close());

const importZip = (bytes: Buffer) => client(dv).post('ImportSolution', { CustomizationFile: bytes.toString('base64'), OverwriteUnmanagedCustomizations: true, PublishWorkflows: true, ImportJobId: '00000000-0000-4000-8000-000000000002' });

/** Our zip with its <EntityMaps> replaced by one map of the given pair and attribute maps. */
async function withMap(source: string, target: string, attributes: [string, string][]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(zipBytes);
  const xml = await zip.file('customizations.xml')!.async('string');
  const maps = `<EntityMaps><EntityMap><EntitySource>${source}</EntitySource><EntityTarget>${target}</EntityTarget><AttributeMaps>${attributes
    .map(([s, t]) => `<AttributeMap><AttributeSource>${s}</AttributeSource><AttributeTarget>${t}</AttributeTarget></AttributeMap>`)
    .join('')}</AttributeMaps></EntityMap></EntityMaps>`;
  const edited = xml.replace(/<EntityMaps>[\s\S]*?<\/EntityMaps>/, maps);
  expect(edited).not.toBe(xml);
  zip.file('customizations.xml', edited);
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** A draft quote (write-in lines), one line shipping from `location`, activated by its owner. */
async function activeQuote(d: DataverseStandIn, location: string): Promise<string> {
  const c = client(d);
  const account = (await c.get('accounts?$select=name&$top=1')).json.value[0];
  const r = await c.post('quotes', {
    name: 'Mapped quote',
    'customerid_account@odata.bind': `/accounts(${account.accountid})`,
    'pricelevelid@odata.bind': `/pricelevels(${d.seedInfo!.priceLists.STANDARD})`,
    'transactioncurrencyid@odata.bind': `/transactioncurrencies(${d.seedInfo!.currencies.EUR})`,
    quote_details: [
      { productdescription: 'Ships from elsewhere', quantity: 2, priceperunit: 10, sequencenumber: 1, erp_locationcode: location },
      { productdescription: 'Ships from the default', quantity: 1, priceperunit: 5, sequencenumber: 2 },
    ],
  });
  expect(r.status).toBe(204);
  const id = idOf(r);
  expect((await c.patch(`quotes(${id})`, { statecode: QuoteState.active, statuscode: QuoteStatus.inProgress })).status).toBe(204);
  return id;
}

async function orderLinesOf(d: DataverseStandIn, quoteId: string): Promise<[string, string | null][]> {
  const r = await client(d).post('ConvertQuoteToSalesOrder', { QuoteId: quoteId, ColumnSet: { Columns: ['salesorderid'] } });
  expect(r.status).toBe(200);
  const lines = await client(d).get(`salesorderdetails?$select=productdescription,erp_locationcode&$filter=_salesorderid_value eq ${r.json.salesorderid}&$orderby=sequencenumber`);
  return lines.json.value.map((l: { productdescription: string; erp_locationcode: string | null }) => [l.productdescription, l.erp_locationcode]);
}

describe('ImportSolution checks attribute maps as the platform does, and imports nothing when one is refused', () => {
  const cases: [string, string, string, [string, string][], RegExp][] = [
    ['columns of different types', 'quotedetail', 'salesorderdetail', [['erp_locationcode', 'quantity']], /different types \(string, decimal\)/],
    ['a shorter target column', 'quotedetail', 'salesorderdetail', [['productdescription', 'erp_locationcode']], /target column is shorter \(10\) than the source column \(500\)/],
    ['a target column that does not exist', 'quotedetail', 'salesorderdetail', [['erp_locationcode', 'erp_shipfrom']], /target column erp_shipfrom does not exist on salesorderdetail/],
    ['a source column that does not exist', 'quotedetail', 'salesorderdetail', [['erp_nothing', 'erp_locationcode']], /source column erp_nothing does not exist on quotedetail/],
    ['a target no user can set', 'quotedetail', 'salesorderdetail', [['priceperunit', 'extendedamount']], /cannot be set by a user/],
    ['a target mapped twice', 'quotedetail', 'salesorderdetail', [['productdescription', 'productdescription'], ['erp_locationcode', 'productdescription']], /salesorderdetail.productdescription: the target column is already mapped/],
    ['a pair with no entity map', 'contact', 'salesorderdetail', [['firstname', 'erp_locationcode']], /there is no entity map contact → salesorderdetail/],
    ['a table that does not exist', 'erp_nosuchtable', 'salesorderdetail', [['erp_a', 'erp_locationcode']], /names the table erp_nosuchtable/],
  ];
  it.each(cases)('refuses %s', async (_label, source, target, attributes, message) => {
    const r = await importZip(await withMap(source, target, attributes));
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('0x80048000');
    expect(r.json.error.message).toMatch(message);
    // Nothing of the package was imported: our columns are still unknown.
    expect((await client(dv).get('salesorderdetails?$select=erp_locationcode&$top=1')).status).toBe(400);
  });
});

describe('our zip’s map: quotedetail.erp_locationcode → salesorderdetail.erp_locationcode', () => {
  it('imports, and ConvertQuoteToSalesOrder gives the order line the quote line’s ship-from location', async () => {
    expect((await importZip(zipBytes)).status).toBe(204);
    const quoteId = await activeQuote(dv, 'LYON');
    expect(await orderLinesOf(dv, quoteId)).toEqual([
      ['Ships from elsewhere', 'LYON'],
      ['Ships from the default', null],
    ]);
  });

  it('without the map (a source whose <EntityMaps/> is empty) the location is lost, as on a tenant', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erp-nomaps-'));
    fs.cpSync(path.join(__dirname, '../../solution/src'), dir, { recursive: true });
    const file = path.join(dir, 'Other', 'Customizations.xml');
    const xml = fs.readFileSync(file, 'utf8');
    const emptied = xml.replace(/<EntityMaps>[\s\S]*?<\/EntityMaps>/, '<EntityMaps/>');
    expect(emptied).not.toBe(xml);
    fs.writeFileSync(file, emptied);
    const bare = await start({ solutionSource: dir });
    try {
      const quoteId = await activeQuote(bare, 'LYON');
      expect(await orderLinesOf(bare, quoteId)).toEqual([
        ['Ships from elsewhere', null],
        ['Ships from the default', null],
      ]);
    } finally {
      await bare.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the stand-in refuses to start from a source whose map joins columns of different lengths', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erp-badmap-'));
    fs.cpSync(path.join(__dirname, '../../solution/src'), dir, { recursive: true });
    const file = path.join(dir, 'Other', 'Customizations.xml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('<AttributeSource>erp_locationcode</AttributeSource>', '<AttributeSource>productdescription</AttributeSource>'));
    try {
      await expect(start({ solutionSource: dir })).rejects.toThrow(/target column is shorter \(10\) than the source column \(500\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
