import * as fs from 'fs';
import * as path from 'path';
import {
  defaultMappingSet,
  dependencyOrder,
  formatMappingProblem,
  parseMappingFile,
  selectMappings,
  serializeMappingSet,
  validateMappingSet,
  withDependencies,
} from '../../domain/mappings';

const configFile = path.join(__dirname, '../../config/mappings.json');

describe('default integration table mappings', () => {
  it('are valid: no error and no warning', () => {
    const result = validateMappingSet(defaultMappingSet());
    expect(result.errors.map((p) => formatMappingProblem(p))).toEqual([]);
    expect(result.warnings.map((p) => formatMappingProblem(p))).toEqual([]);
  });

  it('cover every mapping the issue lists, each with direction, fields and dependencies', () => {
    const set = defaultMappingSet();
    const names = set.mappings.map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining(['SALESPEOPLE', 'CURRENCY', 'UNIT OF MEASURE', 'CUSTOMER', 'CONTACT', 'ITEM-PRODUCT', 'RESOURCE-PRODUCT', 'CUSTPRCGRP-PRICE', 'PRICE LIST', 'PRICE LIST LINE', 'PAYMENT TERMS', 'SHIPMENT METHOD']),
    );
    const customer = set.mappings.find((m) => m.name === 'CUSTOMER')!;
    expect(customer.direction).toBe('bidirectional');
    expect(customer.dependencies).toEqual(['SALESPEOPLE', 'CURRENCY', 'PAYMENT TERMS', 'SHIPMENT METHOD']);
    expect(customer.crm.filter).toBe('statecode eq 0 and customertypecode eq 3');
    expect(customer.match).toEqual([['accountnumber'], ['name']]);
    expect(set.mappings.find((m) => m.name === 'CURRENCY')!.direction).toBe('fromErp');
    expect(set.mappings.find((m) => m.name === 'SALESPEOPLE')!.direction).toBe('toErp');
  });

  it('run in dependency order: salespeople before customers, units before items, price lists before their lines, currencies before anything priced', () => {
    const order = dependencyOrder(selectMappings(defaultMappingSet())).map((m) => m.name);
    expect(order).toEqual(['SALESPEOPLE', 'CURRENCY', 'UNIT OF MEASURE', 'PAYMENT TERMS', 'SHIPMENT METHOD', 'CUSTOMER', 'CONTACT', 'ITEM-PRODUCT', 'RESOURCE-PRODUCT', 'PRICE LIST', 'PRICE LIST LINE']);
    for (const m of selectMappings(defaultMappingSet())) for (const d of m.dependencies) expect(order.indexOf(d)).toBeLessThan(order.indexOf(m.name));
  });

  it('adds what a chosen mapping needs, and nothing else', () => {
    const set = defaultMappingSet();
    expect(withDependencies(set.mappings, ['CONTACT']).map((m) => m.name)).toEqual(['SALESPEOPLE', 'CURRENCY', 'PAYMENT TERMS', 'SHIPMENT METHOD', 'CUSTOMER', 'CONTACT']);
    expect(withDependencies(set.mappings, ['ITEM-PRODUCT']).map((m) => m.name)).toEqual(['UNIT OF MEASURE', 'ITEM-PRODUCT']);
  });

  it('config/mappings.json is the default set, byte for byte, and parses without problems', () => {
    const text = fs.readFileSync(configFile, 'utf8');
    expect(text).toBe(serializeMappingSet(defaultMappingSet()));
    const loaded = parseMappingFile(text);
    expect(loaded.errors).toEqual([]);
    expect(loaded.set?.mappings).toHaveLength(12);
  });

  it('limits a run to the mappings the admin chose, enabled ones only', () => {
    const set = defaultMappingSet();
    expect(selectMappings(set, ['customer', 'CUSTPRCGRP-PRICE']).map((m) => m.name)).toEqual(['CUSTOMER']);
    expect(selectMappings(set).map((m) => m.name)).not.toContain('CUSTPRCGRP-PRICE');
  });
});
