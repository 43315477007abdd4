/** A CSDL $metadata document for the served entity sets (entity types, keys, properties, navigation, bound actions). */
import { edmTypeName } from './metadata';
import type { Resource } from './resource';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function metadataXml(registry: Record<string, Resource>): string {
  const types: string[] = [];
  const sets: string[] = [];
  const actions: string[] = [];
  const seen = new Set<string>();
  for (const r of Object.values(registry)) {
    if (seen.has(r.entityName)) continue;
    seen.add(r.entityName);
    const props = r.fields.map((f) => `<Property Name="${esc(f.name)}" Type="${edmTypeName(f.type)}"${f.name === r.keyProperty ? ' Nullable="false"' : ''}/>`).join('');
    const navs = Object.values(r.navigations ?? {})
      .map((n) => `<NavigationProperty Name="${esc(n.name)}" Type="${n.many ? `Collection(Microsoft.NAV.${n.target().entityName})` : `Microsoft.NAV.${n.target().entityName}`}"${n.many ? ' ContainsTarget="true"' : ''}/>`)
      .join('');
    const key = r.keyProperty ? `<Key><PropertyRef Name="${esc(r.keyProperty)}"/></Key>` : '';
    types.push(`<EntityType Name="${esc(r.entityName)}">${key}${props}${navs}</EntityType>`);
    sets.push(`<EntitySet Name="${esc(r.setName)}" EntityType="Microsoft.NAV.${esc(r.entityName)}"/>`);
    for (const a of Object.keys(r.actions ?? {})) actions.push(`<Action Name="${esc(a)}" IsBound="true"><Parameter Name="bindingParameter" Type="Microsoft.NAV.${esc(r.entityName)}"/></Action>`);
  }
  return `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="Microsoft.NAV" xmlns="http://docs.oasis-open.org/odata/ns/edm">${types.join('')}${actions.join('')}<EntityContainer Name="default">${sets.join('')}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
}
