/**
 * Reads Microsoft's table reference pages (the Markdown of learn.microsoft.com ".../reference/entities/<table>",
 * vendored in shared/reference/dataverse-tables/) into plain data: each column's type, DateTimeBehavior, format,
 * max length, range, required level, create/update validity and choices; each one-to-many relationship with its
 * cascade configuration. The page layout is fixed (a "### <a name="BKMK_X"></a> X" heading followed by a
 * |Property|Value| table and, for choices, a "#### X Choices/Options" table), so a line reader is enough.
 *
 * Pure: text in, data out. The generator (generateReference.ts) writes its result to reference.generated.json,
 * which the stand-in loads at start (parsing 2 MB of Markdown at every start would slow every test).
 */

export type DateTimeBehavior = 'UserLocal' | 'DateOnly' | 'TimeZoneIndependent';
export type RequiredLevel = 'None' | 'Recommended' | 'ApplicationRequired' | 'SystemRequired';
export type CascadeType = 'Cascade' | 'Active' | 'NoCascade' | 'UserOwned' | 'RemoveLink' | 'Restrict';

export interface RefOption {
  value: number;
  label: string;
  /** statuscode options: their statecode. */
  state?: number;
  /** statecode options: the default statuscode. */
  defaultStatus?: number;
}

export interface RefColumn {
  logicalName: string;
  schemaName: string;
  /** The page's Type: String, Memo, DateTime, Lookup, Picklist, State, Status, Money... */
  type: string;
  requiredLevel: RequiredLevel;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  precision?: number;
  dateTimeBehavior?: DateTimeBehavior;
  /** DateTime columns: DateOnly or DateAndTime. */
  format?: string;
  targets?: string[];
  /** Only written when the page says False (the default is True). */
  validForCreate?: false;
  validForUpdate?: false;
  options?: RefOption[];
}

export interface RefRelationship {
  schemaName: string;
  referencedEntity: string;
  referencingEntity: string;
  referencingAttribute: string;
  /** Collection-valued navigation property on the referenced table. */
  referencedNavigation: string;
  cascade: { assign?: CascadeType; delete?: CascadeType; merge?: CascadeType; reparent?: CascadeType; share?: CascadeType; unshare?: CascadeType };
}

export interface RefTable {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryId: string;
  primaryName: string;
  ownership: string;
  /** "<repo> <path> @ <commit>" from line 1 of the page. */
  source: string;
  messages: string[];
  columns: Record<string, RefColumn>;
  /** The page's relationships with their cascade configuration (either side; see referencedEntity). */
  relationships: RefRelationship[];
}

const HEADING = /^###\s+<a name="BKMK_([^"]+)"><\/a>\s*(\S+)/;

function tableRows(lines: string[], start: number): { rows: string[][]; end: number } {
  const rows: string[][] = [];
  let i = start;
  while (i < lines.length && !lines[i].startsWith('|')) {
    if (lines[i].startsWith('#')) return { rows, end: i };
    i++;
  }
  for (; i < lines.length && lines[i].startsWith('|'); i++) {
    const cells = lines[i].split('|').slice(1, -1).map((c) => c.replace(/\*\*|`/g, '').trim());
    if (cells.every((c) => /^-*$/.test(c))) continue;
    rows.push(cells);
  }
  return { rows, end: i };
}

const num = (s: string | undefined): number | undefined => (s === undefined || s === '' || Number.isNaN(Number(s)) ? undefined : Number(s));

function parseCascade(text: string): RefRelationship['cascade'] {
  const out: Record<string, CascadeType> = {};
  for (const part of text.split(/<br\s*\/?>/i)) {
    const m = /^\s*(\w+):\s*`?(\w+)/.exec(part);
    if (m) out[m[1].toLowerCase()] = m[2] as CascadeType;
  }
  return out;
}

export function parseReferencePage(text: string): RefTable {
  const lines = text.split(/\r?\n/);
  const source = (/^<!--\s*source:\s*(.*?)\s*-->/.exec(lines[0]) ?? [])[1] ?? '';
  const props: Record<string, string> = {};
  const messages: string[] = [];
  const columns: Record<string, RefColumn> = {};
  const relationships: RefRelationship[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      if (section === 'Messages' || section === 'Properties') {
        const { rows, end } = tableRows(lines, i + 1);
        if (section === 'Messages') for (const r of rows.slice(1)) messages.push(r[0].split('<br')[0].trim());
        else for (const r of rows.slice(1)) props[r[0]] = r[1];
        i = end - 1;
      }
      continue;
    }
    const h = HEADING.exec(line);
    if (!h) continue;
    const { rows, end } = tableRows(lines, i + 1);
    const p: Record<string, string> = {};
    for (const r of rows.slice(1)) if (r.length >= 2) p[r[0]] = r[1];
    i = end - 1;
    if (p.ReferencedEntity && p.ReferencingAttribute && !p.ReferencingEntity) {
      // Newer page layout: the many-to-one side names its parent table.
      relationships.push({
        schemaName: h[2],
        referencedEntity: p.ReferencedEntity,
        referencingEntity: props.LogicalName,
        referencingAttribute: p.ReferencingAttribute,
        referencedNavigation: '',
        cascade: parseCascade(p.CascadeConfiguration ?? ''),
      });
      continue;
    }
    if (p.ReferencingEntity) {
      if (/^One-To-Many/i.test(section))
        relationships.push({
          schemaName: h[2],
          referencedEntity: props.LogicalName,
          referencingEntity: p.ReferencingEntity,
          referencingAttribute: p.ReferencingAttribute,
          referencedNavigation: p.ReferencedEntityNavigationPropertyName,
          cascade: parseCascade(p.CascadeConfiguration ?? ''),
        });
      continue;
    }
    if (!p.LogicalName || !p.Type) continue;
    const col: RefColumn = { logicalName: p.LogicalName, schemaName: h[2], type: p.Type, requiredLevel: (p.RequiredLevel as RequiredLevel) ?? 'None' };
    if (num(p.MaxLength) !== undefined) col.maxLength = num(p.MaxLength);
    if (num(p.MinValue) !== undefined) col.minValue = num(p.MinValue);
    if (num(p.MaxValue) !== undefined) col.maxValue = num(p.MaxValue);
    if (num(p.Precision) !== undefined) col.precision = num(p.Precision);
    if (p.DateTimeBehavior) col.dateTimeBehavior = p.DateTimeBehavior as DateTimeBehavior;
    if (p.Type === 'DateTime' && p.Format) col.format = p.Format;
    if (p.Targets) col.targets = p.Targets.split(',').map((s) => s.trim()).filter(Boolean);
    if (p.IsValidForCreate === 'False') col.validForCreate = false;
    if (p.IsValidForUpdate === 'False') col.validForUpdate = false;
    // Choices follow as "#### <Name> Choices/Options" with their own table.
    let j = end;
    while (j < lines.length && lines[j].trim() === '') j++;
    if (j < lines.length && /^####\s+\S+\s+Choices\/Options/.test(lines[j])) {
      const t = tableRows(lines, j + 1);
      const head = t.rows[0] ?? [];
      const at = (name: string) => head.indexOf(name);
      col.options = t.rows.slice(1).map((r) => {
        const o: RefOption = { value: Number(r[0]), label: r[1] };
        if (at('State') >= 0 && num(r[at('State')]) !== undefined) o.state = num(r[at('State')]);
        if (at('DefaultStatus') >= 0 && num(r[at('DefaultStatus')]) !== undefined) o.defaultStatus = num(r[at('DefaultStatus')]);
        // Newer pages (msdyn_postconfig, msdyn_postruleconfig) put everything in one cell:
        // "Label: Active<br />State:0<br />TransitionData: None" (status) or "Label: Active<br />DefaultStatus: 1" (state).
        if (head[1] === 'Details') {
          const cell = r[1] ?? '';
          const label = /Label:\s*(.*?)\s*(?:<br\s*\/?>|$)/.exec(cell);
          if (label) o.label = label[1];
          const state = /State:\s*(\d+)/.exec(cell.replace(/DefaultStatus/g, ''));
          if (state) o.state = Number(state[1]);
          const def = /DefaultStatus:\s*(\d+)/.exec(cell);
          if (def) o.defaultStatus = Number(def[1]);
        }
        return o;
      }).filter((o) => Number.isFinite(o.value));
      i = t.end - 1;
    }
    columns[col.logicalName] = col;
  }
  return {
    logicalName: props.LogicalName,
    schemaName: props.SchemaName,
    entitySetName: props.EntitySetName,
    primaryId: props.PrimaryIdAttribute,
    primaryName: props.PrimaryNameAttribute,
    ownership: props.OwnershipType,
    source,
    messages,
    columns,
    relationships,
  };
}
