/**
 * Table and column metadata for the page, read from the Dataverse stand-in the way a client reads it from a real
 * org: EntityDefinitions with Attributes, and the option sets of choice, state, status and yes/no columns. Read once
 * at start with the administrator's token.
 */
import type { AttributeInfo, EntityInfo, Labels } from '../shared/model';
import { standardColumnLabel } from './defaults/labels';

interface LocalizedLabel {
  Label: string;
  LanguageCode: number;
}
interface Label {
  LocalizedLabels?: LocalizedLabel[];
  UserLocalizedLabel?: LocalizedLabel | null;
}

const labels = (l: Label | undefined | null): Labels => Object.fromEntries((l?.LocalizedLabels ?? []).map((x) => [String(x.LanguageCode), x.Label]));

/** AttributeType (Dataverse) → the page's type names (those of the stand-in's ColumnDef). */
const TYPE: Record<string, string> = {
  String: 'string',
  Memo: 'memo',
  Integer: 'integer',
  BigInt: 'bigint',
  Decimal: 'decimal',
  Double: 'double',
  Money: 'money',
  Boolean: 'boolean',
  DateTime: 'datetime',
  Picklist: 'picklist',
  State: 'state',
  Status: 'status',
  Lookup: 'lookup',
  Customer: 'customer',
  Owner: 'owner',
  Uniqueidentifier: 'uniqueidentifier',
  EntityName: 'string',
  Virtual: 'virtual',
};

interface AttributeMetadata {
  LogicalName: string;
  AttributeType: string;
  DisplayName?: Label;
  MaxLength?: number;
  Targets?: string[];
  DateTimeBehavior?: { Value?: string } | null;
  OptionSet?: { Options?: { Value: number; Label?: Label; State?: number }[]; TrueOption?: { Value: number; Label?: Label }; FalseOption?: { Value: number; Label?: Label } };
}

interface EntityMetadata {
  LogicalName: string;
  EntitySetName: string;
  PrimaryIdAttribute: string;
  PrimaryNameAttribute: string;
  DisplayName?: Label;
  DisplayCollectionName?: Label;
  Attributes?: AttributeMetadata[];
  ManyToOneRelationships?: { ReferencingAttribute: string; ReferencedEntity: string; ReferencingEntityNavigationPropertyName: string }[];
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const r = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'OData-Version': '4.0' } });
  if (!r.ok) throw new Error(`GET ${url} answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
  return (await r.json()) as T;
}

const OPTION_CASTS = ['PicklistAttributeMetadata', 'StateAttributeMetadata', 'StatusAttributeMetadata', 'BooleanAttributeMetadata'];

export async function loadEntityDefinitions(apiRoot: string, token: string, logicalNames: string[]): Promise<EntityInfo[]> {
  const root = apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`;
  return Promise.all(
    logicalNames.map(async (name): Promise<EntityInfo> => {
      const base = `${root}EntityDefinitions(LogicalName='${name}')`;
      const e = await getJson<EntityMetadata>(`${base}?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,DisplayName,DisplayCollectionName&$expand=Attributes,ManyToOneRelationships($select=ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName)`, token);
      const attributes: Record<string, AttributeInfo> = {};
      for (const a of e.Attributes ?? []) {
        attributes[a.LogicalName] = {
          logicalName: a.LogicalName,
          type: TYPE[a.AttributeType] ?? a.AttributeType.toLowerCase(),
          labels: labels(a.DisplayName),
          maxLength: a.MaxLength,
          targets: a.Targets,
          dateTimeBehavior: a.DateTimeBehavior?.Value,
        };
      }
      // The navigation property a lookup is bound through when a form saves it (@odata.bind).
      for (const r of e.ManyToOneRelationships ?? []) {
        const a = attributes[r.ReferencingAttribute];
        if (a) a.navigation = { ...a.navigation, [r.ReferencedEntity]: r.ReferencingEntityNavigationPropertyName };
      }
      for (const cast of OPTION_CASTS) {
        const list = await getJson<{ value: AttributeMetadata[] }>(`${base}/Attributes/Microsoft.Dynamics.CRM.${cast}?$select=LogicalName&$expand=OptionSet`, token).catch(() => ({ value: [] as AttributeMetadata[] }));
        for (const a of list.value) {
          const target = attributes[a.LogicalName];
          if (!target || !a.OptionSet) continue;
          if (a.OptionSet.Options) target.options = a.OptionSet.Options.map((o) => ({ value: o.Value, labels: labels(o.Label), state: o.State }));
          else if (a.OptionSet.TrueOption && a.OptionSet.FalseOption) {
            target.options = [a.OptionSet.FalseOption, a.OptionSet.TrueOption].map((o) => ({ value: o.Value, labels: labels(o.Label) }));
          }
        }
      }
      return {
        logicalName: e.LogicalName,
        entitySetName: e.EntitySetName,
        primaryId: e.PrimaryIdAttribute,
        primaryName: e.PrimaryNameAttribute,
        labels: labels(e.DisplayName),
        collectionLabels: labels(e.DisplayCollectionName),
        attributes,
      };
    }),
  );
}

/**
 * Column labels the metadata lacks (the stand-in serves none for the standard columns it models): our columns get
 * theirs from the solution, standard columns from defaults/labels.ts, anything else its logical name.
 */
export function withFallbackLabels(entities: EntityInfo[], solutionAttributes: (table: string, column: string) => Labels | undefined): EntityInfo[] {
  const has = (l: Labels | undefined): l is Labels => !!l && Object.values(l).some(Boolean);
  return entities.map((e) => ({
    ...e,
    attributes: Object.fromEntries(
      Object.entries(e.attributes).map(([name, a]) => {
        if (has(a.labels)) return [name, a];
        const labels = solutionAttributes(e.logicalName, name) ?? standardColumnLabel(e.logicalName, name);
        return [name, { ...a, labels: has(labels) ? labels : { 1033: name } }];
      }),
    ),
  }));
}
