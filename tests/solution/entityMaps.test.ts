/**
 * The attribute maps our zip ships (customizations.xml <EntityMaps>, docs/solution.md "Entity maps"): in the format
 * of CustomizationsSolution.xsd's EntityMapsType, in schema order, between columns the zip ships with the same type,
 * format and a target at least as long; every erp_ column a quote (line) shares with an order (line), and an order
 * (line) with an invoice (line), is mapped, so nothing a salesperson sets is lost by Create Order.
 */
import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { pack } from '../../solution/tools/pack';
import { checkSolutionZip } from '../../solution/tools/check';
import { parseXml, childElements, firstChild, textOf } from '../../solution/tools/xml';
import type { Element } from '@xmldom/xmldom';
import { fakeBuild } from '../support/fakeBuild';

let zipPath: string;
let customizations: Element;

beforeAll(async () => {
  const build = fakeBuild();
  const r = await pack({ ...build, outDir: path.join(build.root, 'bin'), version: '1.0.0', buildNumber: 0 });
  // The packer runs the checker, which validates customizations.xml against the XSD: no problem means the maps pass.
  expect(r.problems).toEqual([]);
  zipPath = r.zipPath;
  const zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
  customizations = parseXml(await zip.file('customizations.xml')!.async('string'), 'customizations.xml').documentElement!;
});

type Column = { type: string; format?: string; maxLength?: number };
/** Our columns per table (logical name) as the zip ships them. */
function shippedColumns(): Map<string, Map<string, Column>> {
  const out = new Map<string, Map<string, Column>>();
  for (const e of childElements(firstChild(customizations, 'Entities')!, 'Entity')) {
    const entity = firstChild(firstChild(e, 'EntityInfo')!, 'entity')!;
    const cols = new Map<string, Column>();
    for (const a of childElements(firstChild(entity, 'attributes')!, 'attribute')) {
      const max = textOf(a, 'MaxLength');
      cols.set(textOf(a, 'LogicalName')!, { type: textOf(a, 'Type')!, format: textOf(a, 'Format'), maxLength: max ? Number(max) : undefined });
    }
    out.set(entity.getAttribute('Name')!.toLowerCase(), cols);
  }
  return out;
}

function maps(): { source: string; target: string; attributes: [string, string][] }[] {
  return childElements(firstChild(customizations, 'EntityMaps')!, 'EntityMap').map((m) => ({
    source: textOf(m, 'EntitySource')!,
    target: textOf(m, 'EntityTarget')!,
    attributes: childElements(firstChild(m, 'AttributeMaps')!, 'AttributeMap').map((a) => [textOf(a, 'AttributeSource')!, textOf(a, 'AttributeTarget')!]),
  }));
}

test('customizations.xml ships the quote line → order line location map in the XSD’s EntityMaps format and order', () => {
  const order = childElements(customizations).map((e) => e.tagName);
  expect(order.indexOf('EntityMaps')).toBeGreaterThan(order.indexOf('Templates'));
  expect(order.indexOf('EntityMaps')).toBeLessThan(order.indexOf('EntityRelationships'));
  const map = childElements(firstChild(customizations, 'EntityMaps')!, 'EntityMap');
  expect(map.map((m) => childElements(m).map((c) => c.tagName))).toEqual([['EntitySource', 'EntityTarget', 'AttributeMaps']]);
  expect(maps()).toEqual([{ source: 'quotedetail', target: 'salesorderdetail', attributes: [['erp_locationcode', 'erp_locationcode']] }]);
  const attributeMap = childElements(firstChild(map[0], 'AttributeMaps')!, 'AttributeMap')[0];
  expect(childElements(attributeMap).map((c) => c.tagName)).toEqual(['AttributeSource', 'AttributeTarget']);
});

test('each map joins two columns the zip ships, of the same type and format, the target at least as long', () => {
  const cols = shippedColumns();
  for (const m of maps()) {
    for (const [s, t] of m.attributes) {
      const src = cols.get(m.source)?.get(s);
      const dst = cols.get(m.target)?.get(t);
      expect([m.source, s, src]).toEqual([m.source, s, expect.objectContaining({ type: expect.any(String) })]);
      expect([m.target, t, dst]).toEqual([m.target, t, expect.objectContaining({ type: src!.type, format: src!.format })]);
      expect(dst!.maxLength ?? Infinity).toBeGreaterThanOrEqual(src!.maxLength ?? 0);
    }
  }
});

test('every erp_ column a quote (line) shares with an order (line), or an order (line) with an invoice (line), is mapped', () => {
  const cols = shippedColumns();
  const mapped = new Set(maps().flatMap((m) => m.attributes.map(([s, t]) => `${m.source}.${s}>${m.target}.${t}`)));
  const pairs = [['quote', 'salesorder'], ['quotedetail', 'salesorderdetail'], ['salesorder', 'invoice'], ['salesorderdetail', 'invoicedetail']];
  let shared = 0;
  for (const [from, to] of pairs) {
    for (const name of cols.get(from)?.keys() ?? []) {
      if (!name.startsWith('erp_') || !cols.get(to)?.has(name)) continue;
      shared += 1;
      expect(mapped).toContain(`${from}.${name}>${to}.${name}`);
    }
  }
  expect(shared).toBe(1);
});

test('the checker refuses a map whose elements are out of the schema’s order', async () => {
  const z = await JSZip.loadAsync(fs.readFileSync(zipPath));
  const text = await z.file('customizations.xml')!.async('string');
  const swapped = text.replace(/<AttributeSource>(\w+)<\/AttributeSource>\s*<AttributeTarget>(\w+)<\/AttributeTarget>/, '<AttributeTarget>$2</AttributeTarget><AttributeSource>$1</AttributeSource>');
  expect(swapped).not.toBe(text);
  z.file('customizations.xml', swapped);
  const r = await checkSolutionZip(await z.generateAsync({ type: 'nodebuffer' }));
  expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.message).join('\n')).toMatch(/customizations.xml:\d+: element AttributeTarget/);
});
