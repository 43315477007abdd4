/**
 * Assembles the packed customizations.xml from the unpacked source, in the element order of
 * CustomizationsSolution.xsd (the order Dataverse exports use).
 */
import { newDocument, el, firstChild, childElements, type Document, type Element } from './xml';
import type { SolutionSource } from './source';
import { tableFacts, systemViews, systemForms, systemRelationships, ribbonSkeleton } from './systemComponents';

/** Children of <ImportExportXml> in schema order; the skeleton's empty elements are placed here. */
export const CUSTOMIZATIONS_ORDER = [
  'Entities', 'Roles', 'Workflows', 'FieldSecurityProfiles', 'Templates', 'RibbonDiffXml', 'IsvConfig', 'RelationshipRoles', 'ConnectionRoles',
  'SiteMap', 'EntityMaps', 'EntityRelationships', 'OrganizationSettings', 'optionsets', 'Reports', 'RoutingRules', 'ChannelPropertyGroups',
  'ConvertRules', 'MobileOfflineProfiles', 'Slas', 'ChannelAccessProfiles', 'ChannelAccessProfileRules', 'Dashboards',
  'InteractionCentricDashboards', 'Dialogs', 'WebResources', 'CustomControls', 'SolutionPluginAssemblies', 'SdkMessageProcessingSteps',
  'ServiceEndpoints', 'AppModuleSiteMaps', 'AppModules', 'EntityDataProviders', 'EntityDataSources', 'Languages',
  'GlobalSearchConfigurations', 'StoredProcedures',
];

export interface PackedWebResource {
  name: string;
  /** Entry name in the zip, e.g. /WebResources/erp_jssalesorderjsA1B2…; the same as <FileName>. */
  fileName: string;
  content: Buffer;
  dataXml: Element;
}

export interface PackedControl {
  name: string; // erp_ErpLink.ItemAvailability
  files: { rel: string; content: Buffer }[]; // relative to Controls/<name>/
}

function entityFor(doc: Document, e: SolutionSource['entities'][number]): Element {
  const entity = doc.importNode(e.entity, true) as Element;
  const replace = (name: string, node: Element) => {
    const old = firstChild(entity, name);
    if (old) entity.replaceChild(node, old);
    else entity.appendChild(node);
  };
  const drop = (name: string) => {
    const old = firstChild(entity, name);
    if (old) entity.removeChild(old);
  };
  // A new table (its metadata is in the source) gets what an export of it holds: the system views and forms it lacks.
  const facts = tableFacts(e.entity);
  if (e.ribbonDiff) replace('RibbonDiffXml', doc.importNode(e.ribbonDiff, true) as Element);
  else {
    const ribbon = firstChild(entity, 'RibbonDiffXml');
    if (!ribbon || !childElements(ribbon).length) replace('RibbonDiffXml', ribbonSkeleton(doc));
  }
  const formsXml: Element[] = [];
  if (e.forms.length) {
    const byType = new Map<string, Element[]>();
    for (const f of e.forms) byType.set(f.type, [...(byType.get(f.type) ?? []), f.systemform]);
    formsXml.push(...[...byType].map(([type, forms]) => el(doc, 'forms', { type }, forms.map((f) => doc.importNode(f, true)))));
  } else if (facts) formsXml.push(...systemForms(doc, facts));
  if (formsXml.length) replace('FormXml', el(doc, 'FormXml', {}, formsXml));
  // pac unpack writes <SavedQueries /> while the packed form always wraps views in <savedqueries>.
  const views = e.savedQueries.flatMap((q) => (q.tagName === 'savedqueries' ? childElements(q) : [q])).map((q) => doc.importNode(q, true) as Element);
  if (facts) views.push(...systemViews(doc, facts, views));
  if (views.length) replace('SavedQueries', el(doc, 'SavedQueries', {}, [el(doc, 'savedqueries', {}, views)]));
  // A table we extend (behavior 2) carries only its columns and ribbon, as exports write it (real exports 01, 08).
  if (!facts) {
    if (!formsXml.length) drop('FormXml');
    if (!views.length) drop('SavedQueries');
  }
  return entity;
}

export function assembleCustomizations(src: SolutionSource, webResources: PackedWebResource[], controls: PackedControl[]): Document {
  const doc = newDocument('ImportExportXml', { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' });
  const skeleton = src.customizations.documentElement!;
  const sections = new Map<string, Element>();
  for (const child of childElements(skeleton)) {
    if (!CUSTOMIZATIONS_ORDER.includes(child.tagName)) {
      throw new Error(`Other/Customizations.xml has <${child.tagName}>, which CustomizationsSolution.xsd does not allow under <ImportExportXml>. Remove it or move it where it belongs.`);
    }
    sections.set(child.tagName, doc.importNode(child, true) as Element);
  }
  const section = (name: string) => {
    let s = sections.get(name);
    if (!s) sections.set(name, (s = el(doc, name)));
    return s;
  };
  for (const e of src.entities) section('Entities').appendChild(entityFor(doc, e));
  for (const r of src.roles) section('Roles').appendChild(doc.importNode(r.role, true));
  const relationships = src.relationships.map((r) => doc.importNode(r.relationship, true) as Element);
  const named = new Set(relationships.map((r) => (r.getAttribute('Name') ?? '').toLowerCase()));
  for (const e of src.entities) {
    const facts = tableFacts(e.entity);
    if (facts) relationships.push(...systemRelationships(doc, facts).filter((r) => !named.has((r.getAttribute('Name') ?? '').toLowerCase())));
  }
  // Sorted by name, as exports list them (real export 01).
  relationships.sort((a, b) => (a.getAttribute('Name') ?? '').toLowerCase().localeCompare((b.getAttribute('Name') ?? '').toLowerCase()));
  for (const r of relationships) section('EntityRelationships').appendChild(r);
  for (const w of webResources) {
    const node = doc.importNode(w.dataXml, true) as Element;
    const fileName = firstChild(node, 'FileName');
    if (fileName) fileName.textContent = w.fileName;
    else node.appendChild(el(doc, 'FileName', {}, [w.fileName]));
    section('WebResources').appendChild(node);
  }
  for (const c of controls) section('CustomControls').appendChild(el(doc, 'CustomControl', {}, [el(doc, 'Name', {}, [c.name]), el(doc, 'FileName', {}, [`/Controls/${c.name}/ControlManifest.xml`])]));
  for (const name of CUSTOMIZATIONS_ORDER) {
    const s = sections.get(name);
    if (s) doc.documentElement!.appendChild(s);
  }
  return doc;
}
