/**
 * The mapping catalog must describe the real API: every API v2.0 field it lists exists in the reference
 * (sandbox/businesscentral/bc-api-v2.json, from Microsoft's APIV2 app) with the same type, length and editability.
 */
import { SYNC_SOURCES } from '../../connector/sync/standardSyncSources';
import * as fs from 'fs';
import * as path from 'path';
import { erpCatalog, defaultMappingSet } from '../../domain/mappings';

interface RefField {
  name: string;
  type: string;
  editable: boolean;
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, '../../sandbox/businesscentral/bc-api-v2.json'), 'utf8')) as {
  entities: Array<{ entitySetName: string; fields: RefField[] }>;
  enums: Record<string, { values: Array<{ name: string }> }>;
};

const v2Entities = [...new Set(defaultMappingSet().mappings.filter((m) => m.erp.api === 'v2').map((m) => m.erp.entity))];

describe('ERP field catalog', () => {
  it.each(v2Entities)('%s matches API v2.0 field by field', (entity) => {
    const def = ref.entities.find((e) => e.entitySetName === entity);
    expect(def).toBeDefined();
    for (const [name, field] of Object.entries(erpCatalog[entity].fields)) {
      if (field.virtual) continue;
      const r = def!.fields.find((f) => f.name === name);
      expect({ entity, name, found: !!r }).toEqual({ entity, name, found: true });
      const m = /^(Code|Text)\[(\d+)\]$/.exec(r!.type);
      if (m) {
        expect({ name, type: field.type, max: field.max }).toEqual({ name, type: m[1] === 'Code' ? 'code' : 'text', max: Number(m[2]) });
      }
      if (r!.type.startsWith('Enum ')) {
        const enumName = r!.type.replace(/^Enum "(.*)"$/, '$1');
        expect({ name, values: field.values }).toEqual({ name, values: ref.enums[enumName].values.map((v) => v.name) });
      }
      expect({ name, editable: field.editable }).toEqual({ name, editable: r!.editable });
    }
  });

  it('marks the entities API v2.0 lacks, and each has a standard source (analytics query or published page)', () => {
    const extension = defaultMappingSet().mappings.filter((m) => m.erp.api === 'extension').map((m) => m.erp.entity);
    expect(extension.sort()).toEqual(['customerPriceGroups', 'priceListLines', 'priceLists', 'resources']);
    for (const e of extension) expect(ref.entities.some((x) => x.entitySetName === e)).toBe(false);
    for (const e of extension) expect(Object.keys(SYNC_SOURCES)).toContain(e);
    // Every logical field a mapping reads is either a field of the source or has a default.
    for (const m of defaultMappingSet().mappings.filter((x) => x.erp.api === 'extension')) {
      const src = SYNC_SOURCES[m.erp.entity];
      for (const f of m.fields) expect({ entity: m.erp.entity, field: f.erp, known: f.erp in src.fields || f.erp in src.defaults }).toEqual({ entity: m.erp.entity, field: f.erp, known: true });
    }
  });
});
