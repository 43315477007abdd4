/**
 * The page serves what the customer imports: ribbons, views, controls and web resources are read from the built
 * solution zip. These tests read the real zip (npm test builds it first).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readSolutionPackage, type SolutionPackage } from '../../sandbox/app/server/solution/package';
import { ribbonLibraries } from '../../sandbox/app/server/solution/ribbon';
import { latestSolutionZip } from '../../sandbox/app/server/solution/locate';

let pkg: SolutionPackage;

beforeAll(async () => {
  pkg = await readSolutionPackage(fs.readFileSync(latestSolutionZip(path.resolve(__dirname, '../..'))));
});

describe('solution zip → page model', () => {
  it('reads the order ribbon: Submit to ERP calls the built library with the form as PrimaryControl', () => {
    const ribbon = pkg.entities.get('salesorder')?.ribbon;
    expect(ribbon).toBeDefined();
    const submit = Object.values(ribbon!.commands).find((c) => c.actions.some((a) => a.kind === 'js' && a.functionName === 'ErpLink.SalesOrder.submitToErp'));
    expect(submit).toBeDefined();
    const action = submit!.actions[0];
    expect(action).toMatchObject({ kind: 'js', library: 'erp_/js/salesorder.js', parameters: [{ kind: 'crm', value: 'PrimaryControl' }] });
    const button = ribbon!.buttons.find((b) => b.command === submit!.id)!;
    expect(button.location).toMatch(/^Mscrm\.Form\.salesorder\./);
    const labelId = button.labelText.replace('$LocLabels:', '');
    expect(ribbon!.locLabels[labelId]).toMatchObject({ 1033: expect.any(String), 1036: expect.any(String) });
    expect(ribbon!.locLabels[labelId]['1036']).not.toBe(ribbon!.locLabels[labelId]['1033']);
  });

  it('keeps custom enable rules and privilege display rules as steps the page evaluates', () => {
    const ribbon = pkg.entities.get('salesorder')!.ribbon!;
    const steps = [...Object.values(ribbon.enableRules), ...Object.values(ribbon.displayRules)].flatMap((r) => r.steps);
    expect(steps.some((s) => s.kind === 'custom')).toBe(true);
    expect(steps.some((s) => s.kind === 'entityPrivilege')).toBe(true);
    expect(steps.filter((s) => s.kind === 'unsupported')).toEqual([]);
    // The grid's Submit to ERP needs a selection.
    expect(steps).toContainEqual({ kind: 'selectionCount', minimum: 1, maximum: null, invert: false, default: false });
  });

  it('finds every library a ribbon calls among the packaged web resources', () => {
    for (const entity of pkg.entities.values()) {
      if (!entity.ribbon) continue;
      for (const lib of ribbonLibraries(entity.ribbon)) expect([entity.logicalName, pkg.webResources.has(lib)]).toEqual([entity.logicalName, true]);
    }
  });

  it('reads both controls with their resx per language and platform libraries', () => {
    for (const name of ['ErpLink.ItemAvailability', 'ErpLink.AccountStatistics']) {
      const c = pkg.controls.get(name);
      expect(c).toBeDefined();
      expect(c!.controlType).toBe('virtual');
      expect(Object.keys(c!.resx).sort()).toEqual(['1033', '1036']);
      expect(c!.platformLibraries.map((l) => l.name).sort()).toEqual(['Fluent', 'React']);
      expect(c!.files.get(c!.code)?.toString('utf8')).toContain(`registerControl('${name}'`);
      for (const p of Object.values(c!.resx)) expect(c!.files.has(p)).toBe(true);
    }
  });

  it('reads the solution views of the integration request table with their default', () => {
    const views = pkg.entities.get('erp_integrationrequest')!.views;
    expect(views.length).toBeGreaterThanOrEqual(2);
    const def = views.find((v) => v.isDefault)!;
    expect(def.columns.length).toBeGreaterThan(2);
    expect(def.names['1036']).toBeTruthy();
  });
});
