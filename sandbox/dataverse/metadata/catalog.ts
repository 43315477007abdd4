/**
 * The metadata the stand-in serves: tables by logical name and entity set, relationships, navigation properties,
 * roles and environment variables. Built from the standard tables, then each solution (source folder or import)
 * is applied on top; `rebuild()` derives lookups' targets and navigation properties from the relationships.
 */
import type { ColumnDef, EnvironmentVariableDef, FormDef, NavigationProperty, RelationshipDef, RoleDef, SolutionContent, TableDef } from './types';
import { standardTables } from './standard';
import { SYSTEM_LOOKUP_TARGETS } from './solutionXml';

const LOOKUP_TYPES = new Set(['lookup', 'customer', 'owner']);

/** Stable object type code for a custom table (Dataverse numbers them from 10000). */
export function customObjectTypeCode(logicalName: string): number {
  let h = 0x811c9dc5;
  for (const ch of logicalName) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return 10000 + (h % 40000);
}

export class Catalog {
  readonly tables = new Map<string, TableDef>();
  readonly bySet = new Map<string, TableDef>();
  private explicitRelationships: RelationshipDef[] = [];
  relationships: RelationshipDef[] = [];
  private navs = new Map<string, Map<string, NavigationProperty>>();
  readonly roles = new Map<string, RoleDef>();
  readonly environmentVariables = new Map<string, EnvironmentVariableDef>();
  readonly forms: FormDef[] = [];
  readonly warnings: string[] = [];
  readonly solutions = new Map<string, SolutionContent>();

  constructor() {
    for (const t of standardTables()) this.tables.set(t.logicalName, t);
    this.rebuild();
  }

  table(logicalName: string): TableDef | undefined {
    return this.tables.get(logicalName);
  }

  tableBySet(entitySet: string): TableDef | undefined {
    return this.bySet.get(entitySet);
  }

  navigation(table: string, name: string): NavigationProperty | undefined {
    return this.navs.get(table)?.get(name);
  }

  navigations(table: string): NavigationProperty[] {
    return [...(this.navs.get(table)?.values() ?? [])];
  }

  /** Adds what a solution defines. Existing tables keep their rows; columns are added or replaced. */
  apply(content: SolutionContent): void {
    for (const t of content.tables) {
      const existing = this.tables.get(t.logicalName);
      if (existing && !existing.isCustom) {
        for (const c of t.columns.values()) if (!existing.columns.has(c.logicalName) || c.isCustom) existing.columns.set(c.logicalName, c);
      } else {
        this.tables.set(t.logicalName, { ...t, isCustom: true });
      }
    }
    for (const { table, column } of content.extraColumns) {
      const t = this.tables.get(table);
      if (!t) {
        this.warnings.push(`${content.uniqueName}: column ${column.logicalName} is defined on table ${table}, which the stand-in does not serve; skipped.`);
        continue;
      }
      t.columns.set(column.logicalName, column);
      if (column.type === 'money' && t.columns.has('transactioncurrencyid') && !t.columns.has(`${column.logicalName}_base`)) {
        t.columns.set(`${column.logicalName}_base`, { ...column, logicalName: `${column.logicalName}_base`, schemaName: `${column.schemaName}_Base`, validForCreate: false, validForUpdate: false, isCustom: true });
      }
    }
    const key = (r: RelationshipDef) => r.schemaName;
    const names = new Set(content.relationships.map(key));
    this.explicitRelationships = [...this.explicitRelationships.filter((r) => !names.has(key(r))), ...content.relationships];
    for (const r of content.roles) this.roles.set(r.id, r);
    for (const v of content.environmentVariables) this.environmentVariables.set(v.schemaName, v);
    for (const f of content.forms) {
      const i = this.forms.findIndex((x) => x.formId === f.formId);
      if (i >= 0) this.forms[i] = f;
      else this.forms.push(f);
    }
    this.solutions.set(content.uniqueName, content);
    this.rebuild();
  }

  /** Derives relationships (standard nav specs, solution relationships, system lookups) and navigation properties. */
  rebuild(): void {
    this.bySet.clear();
    for (const t of this.tables.values()) this.bySet.set(t.entitySetName, t);
    const rels: RelationshipDef[] = [];
    const covered = new Set<string>();
    for (const t of this.tables.values()) {
      for (const c of t.columns.values()) {
        if (!LOOKUP_TYPES.has(c.type) || !c.nav?.length) continue;
        for (const n of c.nav) {
          rels.push({
            schemaName: n.collection,
            referencingEntity: t.logicalName,
            referencingAttribute: c.logicalName,
            referencedEntity: n.target,
            referencingNavigation: n.single,
            referencedNavigation: n.collection,
            cascadeDelete: n.cascadeDelete ?? 'RemoveLink',
          });
          covered.add(`${t.logicalName}.${c.logicalName}.${n.target}`);
        }
      }
    }
    for (const r of this.explicitRelationships) {
      const t = this.tables.get(r.referencingEntity);
      const c = t?.columns.get(r.referencingAttribute);
      if (!t || !c) {
        this.warn(`Relationship ${r.schemaName}: ${r.referencingEntity}.${r.referencingAttribute} is not a column the stand-in knows; skipped.`);
        continue;
      }
      rels.push(r);
      covered.add(`${r.referencingEntity}.${r.referencingAttribute}.${r.referencedEntity}`);
      c.targets = [...new Set([...(c.targets ?? []), r.referencedEntity])];
    }
    // System lookups of solution tables (createdby, ownerid...) are not in Relationships.xml.
    for (const t of this.tables.values()) {
      for (const c of t.columns.values()) {
        if (!LOOKUP_TYPES.has(c.type)) continue;
        const targets = c.targets?.length ? c.targets : SYSTEM_LOOKUP_TARGETS[c.logicalName];
        if (!targets?.length) {
          this.warn(`${t.logicalName}.${c.logicalName}: lookup without a relationship; it cannot be set or expanded.`);
          continue;
        }
        c.targets = targets;
        for (const target of targets) {
          if (covered.has(`${t.logicalName}.${c.logicalName}.${target}`)) continue;
          const single = targets.length > 1 && c.logicalName !== 'ownerid' ? `${c.logicalName}_${target}` : c.logicalName;
          rels.push({
            schemaName: `lk_${t.logicalName}_${c.logicalName}_${target}`,
            referencingEntity: t.logicalName,
            referencingAttribute: c.logicalName,
            referencedEntity: target,
            referencingNavigation: single,
            referencedNavigation: c.logicalName === 'ownerid' ? `${target === 'team' ? 'team' : 'user'}_${t.logicalName}` : `lk_${t.logicalName}_${c.logicalName}`,
            cascadeDelete: 'RemoveLink',
          });
        }
      }
    }
    this.relationships = rels;
    this.navs.clear();
    const put = (table: string, n: NavigationProperty) => {
      if (!this.navs.has(table)) this.navs.set(table, new Map());
      this.navs.get(table)!.set(n.name, n);
    };
    for (const r of rels) {
      const existing = this.navs.get(r.referencingEntity)?.get(r.referencingNavigation);
      if (existing?.kind === 'single') {
        existing.targets.push(r.referencedEntity);
        existing.relationships.push(r);
      } else {
        put(r.referencingEntity, { kind: 'single', name: r.referencingNavigation, attribute: r.referencingAttribute, targets: [r.referencedEntity], relationships: [r] });
      }
      put(r.referencedEntity, { kind: 'collection', name: r.referencedNavigation, attribute: r.referencingAttribute, target: r.referencingEntity, relationship: r });
    }
    put('systemuser', { kind: 'manyToMany', name: 'systemuserroles_association', target: 'role', intersect: 'systemuserroles' });
    put('role', { kind: 'manyToMany', name: 'systemuserroles_association', target: 'systemuser', intersect: 'systemuserroles' });
  }

  /** Single-valued navigation property that sets `column` to a row of `target`. */
  singleNavFor(table: string, column: string, target: string): string | undefined {
    return this.relationships.find((r) => r.referencingEntity === table && r.referencingAttribute === column && r.referencedEntity === target)?.referencingNavigation;
  }

  columnOf(table: TableDef, name: string): ColumnDef | undefined {
    return table.columns.get(name);
  }

  private warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }
}
