/**
 * Assembles the packed customizations.xml from the unpacked source, in the element order of
 * CustomizationsSolution.xsd (the order Dataverse exports use).
 */
import { newDocument, el, firstChild, childElements, type Document, type Element } from './xml';
import type { SolutionSource } from './source';

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
  if (e.ribbonDiff) replace('RibbonDiffXml', doc.importNode(e.ribbonDiff, true) as Element);
  if (e.forms.length) {
    const byType = new Map<string, Element[]>();
    for (const f of e.forms) byType.set(f.type, [...(byType.get(f.type) ?? []), f.systemform]);
    replace('FormXml', el(doc, 'FormXml', {}, [...byType].map(([type, forms]) => el(doc, 'forms', { type }, forms.map((f) => doc.importNode(f, true))))));
  }
  // pac unpack writes <SavedQueries /> while the packed form always wraps views in <savedqueries>.
  const views = e.savedQueries.flatMap((q) => (q.tagName === 'savedqueries' ? childElements(q) : [q]));
  replace('SavedQueries', el(doc, 'SavedQueries', {}, [el(doc, 'savedqueries', {}, views.map((q) => doc.importNode(q, true)))]));
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
  for (const r of src.relationships) section('EntityRelationships').appendChild(doc.importNode(r.relationship, true));
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
