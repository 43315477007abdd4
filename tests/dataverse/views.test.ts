/**
 * Every view of our solution (solution/src/Entities/<table>/SavedQueries/*.xml) runs against the stand-in as a
 * model-driven grid runs it: its FetchXML through `GET /<entity set>?fetchXml=`. A view naming a column that does
 * not exist fails here, as it fails on a real tenant (0x80041103), and its layout shows only fetched columns.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, start } from './support';

const ENTITIES = join(__dirname, '..', '..', 'solution', 'src', 'Entities');

interface View {
  file: string;
  entity: string;
  fetch: string;
  fetched: string[];
  cells: string[];
}

function views(): View[] {
  const out: View[] = [];
  for (const table of readdirSync(ENTITIES)) {
    let files: string[] = [];
    try {
      files = readdirSync(join(ENTITIES, table, 'SavedQueries')).filter((f) => f.endsWith('.xml'));
    } catch {
      continue;
    }
    for (const f of files) {
      const doc = new DOMParser().parseFromString(readFileSync(join(ENTITIES, table, 'SavedQueries', f), 'utf8'), 'text/xml');
      const fetch = doc.getElementsByTagName('fetch')[0] as Element;
      const entity = fetch.getElementsByTagName('entity')[0] as Element;
      const fetched = Array.from(entity.getElementsByTagName('attribute')).map((a) => (a as Element).getAttribute('name') ?? '');
      const cells = Array.from(doc.getElementsByTagName('cell')).map((c) => (c as Element).getAttribute('name') ?? '');
      out.push({ file: `${table}/SavedQueries/${f}`, entity: entity.getAttribute('name') ?? '', fetch: new XMLSerializer().serializeToString(fetch), fetched, cells });
    }
  }
  return out;
}

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv?.close());

const setOf = (table: string) => dv.engine.catalog.table(table)!.entitySetName;

describe('the solution views run against the stand-in', () => {
  const all = views();

  it('finds the views', () => {
    expect(all.length).toBeGreaterThanOrEqual(11);
  });

  it.each(all.map((v) => [v.file, v] as const))('%s runs through ?fetchXml= and shows only fetched columns', async (_file, v) => {
    const r = await client(dv).get(`${setOf(v.entity)}?fetchXml=${encodeURIComponent(v.fetch)}`);
    expect({ status: r.status, error: r.json?.error?.message }).toEqual({ status: 200, error: undefined });
    expect(Array.isArray(r.json.value)).toBe(true);
    for (const cell of v.cells) expect(v.fetched).toContain(cell);
  });
});

describe('FetchXML rules', () => {
  const fetchOf = (inner: string, entity = 'erp_integrationrequest') => encodeURIComponent(`<fetch><entity name="${entity}">${inner}</entity></fetch>`);

  it('a view naming a missing column is refused as Dataverse refuses it', async () => {
    const r = await client(dv).get(`erp_integrationrequests?fetchXml=${fetchOf('<attribute name="erp_name"/><attribute name="erp_nosuchcolumn"/>')}`);
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({ code: '0x80041103', message: "'erp_integrationrequest' entity doesn't contain attribute with Name = 'erp_nosuchcolumn' and NameMapping = 'Logical'." });
    const cond = await client(dv).get(`erp_integrationrequests?fetchXml=${fetchOf('<attribute name="erp_name"/><filter><condition attribute="erp_missing" operator="eq" value="1"/></filter>')}`);
    expect(cond.status).toBe(400);
  });

  it('filters, orders and limits like the equivalent OData query', async () => {
    const c = client(dv);
    const fx = await c.get(`accounts?fetchXml=${encodeURIComponent('<fetch top="3"><entity name="account"><attribute name="name"/><order attribute="name"/><filter><condition attribute="statecode" operator="eq" value="0"/><condition attribute="name" operator="like" value="%a%"/></filter></entity></fetch>')}`);
    const od = await c.get(`accounts?$select=name&$orderby=name asc&$top=3&$filter=${encodeURIComponent("statecode eq 0 and contains(name,'a')")}`);
    expect(fx.status).toBe(200);
    expect(fx.json.value.map((a: { name: string }) => a.name)).toEqual(od.json.value.map((a: { name: string }) => a.name));
    expect(fx.json.value.length).toBeGreaterThan(0);
  });

  it('the entity must be the table of the entity set; link-entity and aggregates are reported as not modelled', async () => {
    expect((await client(dv).get(`accounts?fetchXml=${fetchOf('<attribute name="erp_name"/>')}`)).status).toBe(400);
    const link = await client(dv).get(`accounts?fetchXml=${fetchOf('<attribute name="name"/><link-entity name="contact" from="parentcustomerid" to="accountid"/>', 'account')}`);
    expect(link.status).toBe(400);
    expect(link.json.error.message).toContain('not modelled');
  });
});
