/**
 * A minimal $metadata (CSDL) document: entity types with keys, properties and navigation properties, entity sets,
 * and the functions/actions the stand-in serves. Enough for OData tooling that reads names and types.
 */
import type { Catalog } from './metadata/catalog';
import { edmType } from './values';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const LOOKUPS = new Set(['lookup', 'customer', 'owner']);
const cache = new WeakMap<Catalog, { key: string; xml: string }>();

export function metadataDocument(catalog: Catalog): string {
  const key = `${catalog.tables.size}:${catalog.relationships.length}:${[...catalog.tables.values()].reduce((n, t) => n + t.columns.size, 0)}`;
  const hit = cache.get(catalog);
  if (hit?.key === key) return hit.xml;
  const types: string[] = [];
  const sets: string[] = [];
  for (const t of catalog.tables.values()) {
    const props: string[] = [];
    for (const c of t.columns.values()) {
      if (LOOKUPS.has(c.type)) props.push(`<Property Name="_${esc(c.logicalName)}_value" Type="Edm.Guid" />`);
      else props.push(`<Property Name="${esc(c.logicalName)}" Type="${edmType(c)}"${c.maxLength && (c.type === 'string' || c.type === 'memo') ? ` MaxLength="${c.maxLength}"` : ''} />`);
    }
    for (const n of catalog.navigations(t.logicalName)) {
      if (n.kind === 'single') props.push(`<NavigationProperty Name="${esc(n.name)}" Type="mscrm.${n.targets.length > 1 ? 'crmbaseentity' : esc(n.targets[0])}" />`);
      else props.push(`<NavigationProperty Name="${esc(n.name)}" Type="Collection(mscrm.${esc(n.target)})" />`);
    }
    types.push(`<EntityType Name="${esc(t.logicalName)}" BaseType="mscrm.crmbaseentity"><Key><PropertyRef Name="${esc(t.primaryId)}" /></Key>${props.join('')}</EntityType>`);
    sets.push(`<EntitySet Name="${esc(t.entitySetName)}" EntityType="mscrm.${esc(t.logicalName)}" />`);
  }
  const ops = ['WhoAmI', 'RetrieveVersion', 'RetrieveEnvironmentVariableValue'].map((f) => `<FunctionImport Name="${f}" Function="mscrm.${f}" />`);
  const acts = ['ImportSolution', 'ExportSolution', 'PublishXml', 'PublishAllXml', 'FulfillSalesOrder', 'CancelSalesOrder', 'WinQuote', 'CloseQuote', 'ReviseQuote', 'ConvertQuoteToSalesOrder', 'InsertOptionValue'].map((a) => `<ActionImport Name="${a}" Action="mscrm.${a}" />`);
  const xml =
    `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>` +
    `<Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">` +
    `<EntityType Name="crmbaseentity" Abstract="true" />${types.join('')}` +
    `<EntityContainer Name="System">${sets.join('')}${ops.join('')}${acts.join('')}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
  cache.set(catalog, { key, xml });
  return xml;
}
