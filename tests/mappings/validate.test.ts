import { defaultMappingSet, formatMappingProblem, parseMappingFile, serializeMappingSet, validateMappingSet, type IntegrationMapping, type MappingSet } from '../../domain/mappings';

function edit(fn: (byName: (n: string) => IntegrationMapping, set: MappingSet) => void): MappingSet {
  const set = defaultMappingSet();
  fn((n) => set.mappings.find((m) => m.name === n)!, set);
  return set;
}

const messages = (set: MappingSet, lcid = 1033): string[] => validateMappingSet(set).errors.map((p) => formatMappingProblem(p, lcid));

describe('mapping validation', () => {
  it('rejects an unknown ERP field, naming mapping and field', () => {
    const set = edit((m) => m('CUSTOMER').fields.push({ erp: 'displayNam', crm: 'name' }));
    expect(messages(set)).toEqual(['Mapping CUSTOMER, field displayNam → name: the ERP entity customers has no field "displayNam". Check the spelling (fields are case-sensitive).']);
  });

  it('rejects an unknown Sales column, in English and French', () => {
    const set = edit((m) => (m('ITEM-PRODUCT').fields.find((f) => f.crm === 'price')!.crm = 'listprice'));
    expect(messages(set)).toEqual(['Mapping ITEM-PRODUCT, field unitPrice → listprice: the Sales table product has no column "listprice". Check the spelling (column names are lower-case).']);
    expect(messages(set, 1036)[0]).toBe(
      "Mappage ITEM-PRODUCT, champ unitPrice → listprice : la table Sales product n'a pas de colonne « listprice ». Vérifiez l'orthographe (les noms de colonnes sont en minuscules).",
    );
  });

  it('rejects incompatible types and says what would work', () => {
    const set = edit((m) => m('CUSTOMER').fields.push({ erp: 'displayName', crm: 'creditlimit', direction: 'fromErp' }));
    const [msg] = messages(set);
    expect(msg).toBe('Mapping CUSTOMER, field displayName → creditlimit: the ERP field is text[100] and the Sales column is money; they cannot be copied into each other. Map it to a Sales column of the same kind, or add a transform.');
    const lookup = edit((m) => {
      const f = m('CUSTOMER').fields.find((x) => x.crm === 'ownerid')!;
      delete f.transform;
    });
    expect(messages(lookup)[0]).toContain('use a "coupled" transform through the mapping of that table');
  });

  it('rejects a dependency cycle, naming the circle', () => {
    const set = edit((m) => m('SALESPEOPLE').dependencies.push('CONTACT'));
    expect(messages(set)).toEqual(['The mappings depend on each other in a circle: CONTACT → CUSTOMER → SALESPEOPLE → CONTACT. Remove one of these dependencies.']);
  });

  it('rejects unknown dependencies and lookups through a mapping that is not a dependency', () => {
    const unknown = edit((m) => m('ITEM-PRODUCT').dependencies.push('UNITS'));
    expect(messages(unknown)).toEqual(['Mapping ITEM-PRODUCT depends on UNITS, which does not exist. Remove it from the dependencies or add that mapping.']);
    const notDep = edit((m) => (m('CUSTOMER').dependencies = m('CUSTOMER').dependencies.filter((d) => d !== 'SALESPEOPLE')));
    expect(messages(notDep)).toEqual([
      'Mapping CUSTOMER, field salespersonCode → ownerid: the value is resolved through mapping SALESPEOPLE, which is not among the dependencies of CUSTOMER. Add SALESPEOPLE to its dependencies.',
    ]);
  });

  it('rejects a lookup resolved through the mapping of another table', () => {
    const set = edit((m) => {
      const f = m('CUSTOMER').fields.find((x) => x.crm === 'transactioncurrencyid')!;
      f.transform = { kind: 'coupled', mapping: 'SALESPEOPLE', by: 'number' };
    });
    expect(messages(set)).toEqual([
      'Mapping CUSTOMER, field currencyCode → transactioncurrencyid: mapping SALESPEOPLE couples systemuser records, but the Sales column transactioncurrencyid holds transactioncurrency. Choose the mapping of the right table.',
    ]);
  });

  it('rejects values of a value table that do not exist on their side', () => {
    const set = edit((m) => {
      const f = m('ITEM-PRODUCT').fields.find((x) => x.crm === 'producttypecode')!;
      f.transform = { kind: 'map', values: [{ erp: 'Inventory', crm: 1 }, { erp: 'Services', crm: 3 }, { erp: 'Non-Inventory', crm: 9 }] };
    });
    expect(messages(set)).toEqual([
      'Mapping ITEM-PRODUCT, field type → producttypecode: the value table uses "Services" for the ERP side, which is not a valid value there. Valid values: "Inventory", "Service", "Non-Inventory".',
      'Mapping ITEM-PRODUCT, field type → producttypecode: the value table uses 9 for the Sales side, which is not a valid value there. Valid values: 1, 2, 3, 4.',
    ]);
  });

  it('rejects writing into read-only columns and directions beyond the mapping', () => {
    const readOnly = edit((m) => (m('CONTACT').fields.find((f) => f.crm === 'fullname')!.direction = 'bidirectional'));
    expect(messages(readOnly)).toEqual(['Mapping CONTACT, field displayName → fullname: the Sales column fullname is read-only, so nothing can flow into it. Set the field direction to "toErp".']);
    const erpReadOnly = edit((m) => m('CUSTOMER').fields.push({ erp: 'balanceDue', crm: 'creditlimit', direction: 'toErp' }));
    expect(messages(erpReadOnly)).toEqual(['Mapping CUSTOMER, field balanceDue → creditlimit: the ERP field balanceDue is read-only in the API, so nothing can flow into it. Set the field direction to "fromErp".']);
    const beyond = edit((m) => (m('CURRENCY').fields[1].direction = 'toErp'));
    expect(messages(beyond)[0]).toBe('Mapping CURRENCY, field displayName → currencyname: the field direction "toErp" goes beyond the mapping direction "fromErp". Use the mapping direction or a narrower one.');
  });

  it('rejects ERP-only transforms flowing to the ERP, and match keys without a field', () => {
    const set = edit((m) => {
      m('CONTACT').fields.find((f) => f.crm === 'firstname')!.direction = 'bidirectional';
      m('CUSTOMER').match.push(['telephone2']);
    });
    expect(messages(set)).toEqual([
      'Mapping CUSTOMER: the match key column telephone2 has no field mapping, so existing records cannot be found by it. Map it to an ERP field or remove it from the match keys.',
      'Mapping CONTACT, field displayName → firstname: the transform "namePart" only works from the ERP to Sales. Set the field direction to "fromErp".',
    ]);
  });

  it('checks option mappings, filters, names and values', () => {
    const set = edit((m, s) => {
      m('PAYMENT TERMS').crm.optionColumn = 'paymentterms';
      m('CUSTOMER').crm.filter = "statecode eq 0 and customertype eq 3 and contains(nam,'x')";
      m('CURRENCY').direction = 'sideways' as never;
      s.mappings.push({ ...m('CURRENCY'), name: 'CURRENCY' });
    });
    const msgs = messages(set);
    expect(msgs).toContain('Two mappings are named CURRENCY. Rename or remove one of them.');
    expect(msgs).toContain('Mapping PAYMENT TERMS is an option mapping: it needs crm.optionColumn naming a choice column of account and no field mappings. account has no column "paymentterms".');
    expect(msgs).toContain('Mapping CUSTOMER, crm.filter: the Sales table account has no column "customertype". Check the spelling (column names are lower-case).');
    expect(msgs).toContain('Mapping CUSTOMER, crm.filter: the Sales table account has no column "nam". Check the spelling (column names are lower-case).');
    expect(msgs).toContain('Mapping CURRENCY: direction is "sideways", which is not allowed. Use one of: bidirectional, toErp, fromErp.');
  });

  it('warns (without refusing) when an enabled mapping depends on a disabled one', () => {
    const set = edit((m) => (m('SALESPEOPLE').enabled = false));
    const r = validateMappingSet(set);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((p) => formatMappingProblem(p))).toEqual([
      'Mapping CUSTOMER depends on SALESPEOPLE, which is turned off. Its records will only synchronise when the SALESPEOPLE records they use were coupled another way.',
    ]);
  });
});

describe('mapping file', () => {
  it('refuses text that is not JSON, or not a mapping set, saying how to fix it', () => {
    expect(parseMappingFile('{ "version": 1, ', 'm.json').errors.map((p) => formatMappingProblem(p))[0]).toMatch(/^The mapping file m\.json is not valid JSON \(.+\)\. Fix the file, or delete it to start again from the default mappings\.$/);
    expect(parseMappingFile('{"version":2,"mappings":[]}', 'm.json').errors.map((p) => formatMappingProblem(p))).toEqual([
      'The mapping file m.json is not a mapping set: "version" is 2; this connector reads version 1. Compare it with config/mappings.json from the release.',
    ]);
    expect(parseMappingFile('{"version":1,"mappings":[{"name":"X","fields":{}}]}', 'm.json').errors.map((p) => formatMappingProblem(p))).toContain(
      'The mapping file m.json is not a mapping set: mapping X: "fields" must be a list. Compare it with config/mappings.json from the release.',
    );
  });

  it('returns no set when a mapping is invalid, and the edited set when it is valid', () => {
    const set = defaultMappingSet();
    set.mappings.find((m) => m.name === 'CUSTOMER')!.conflictRule = 'salesWins';
    expect(parseMappingFile(serializeMappingSet(set)).set?.mappings.find((m) => m.name === 'CUSTOMER')!.conflictRule).toBe('salesWins');
    set.mappings.find((m) => m.name === 'CUSTOMER')!.fields[0].crm = 'nope';
    const bad = parseMappingFile(serializeMappingSet(set));
    expect(bad.set).toBeNull();
    expect(bad.errors[0].mapping).toBe('CUSTOMER');
    expect(bad.errors[0].field).toBe('nope');
  });
});
