/**
 * Reads the solution zip the sandbox imported: the page serves the web resources, control bundles, ribbons, views and
 * labels from that same zip, so what works in the page is what the customer imports (never out/ directly).
 */
import JSZip from 'jszip';
import { childElements, firstChild, parseXml, textOf, type Element } from '../../../../solution/tools/xml';
import type { AttributeInfo, ControlDef, Labels, RibbonModel, ViewDef, WebResourceInfo } from '../../shared/model';
import { parseControlManifest } from './controls';
import { parseRibbonDiff } from './ribbon';
import { parseSavedQuery } from './views';

export interface PackagedEntity {
  logicalName: string;
  entitySetName?: string;
  labels: Labels;
  collectionLabels: Labels;
  attributes: Record<string, AttributeInfo>;
  ribbon?: RibbonModel;
  views: ViewDef[];
  /** systemform elements shipped in the solution (main forms), raw: the page uses its own layouts otherwise. */
  forms: Element[];
}

export interface SolutionPackage {
  uniqueName: string;
  version: string;
  entities: Map<string, PackagedEntity>;
  webResources: Map<string, WebResourceInfo & { content: Buffer }>;
  controls: Map<string, ControlDef & { files: Map<string, Buffer> }>;
}

function labelsOf(container: Element | undefined, itemTag: string): Labels {
  const out: Labels = {};
  for (const l of container ? childElements(container, itemTag) : []) out[l.getAttribute('languagecode') ?? ''] = l.getAttribute('description') ?? '';
  return out;
}

function attributeInfo(attr: Element): AttributeInfo {
  const type = textOf(attr, 'Type') ?? 'nvarchar';
  const info: AttributeInfo = {
    logicalName: (textOf(attr, 'LogicalName') ?? textOf(attr, 'Name') ?? '').toLowerCase(),
    type,
    labels: labelsOf(firstChild(attr, 'displaynames'), 'displayname'),
  };
  const max = textOf(attr, 'MaxLength') ?? textOf(attr, 'Length');
  if (max) info.maxLength = Number(max);
  const optionset = firstChild(attr, 'optionset');
  const options = optionset ? firstChild(optionset, 'options') ?? firstChild(optionset, 'states') ?? firstChild(optionset, 'statuses') : undefined;
  if (options) {
    info.options = childElements(options).map((o) => ({
      value: Number(o.getAttribute('value')),
      labels: labelsOf(firstChild(o, 'labels'), 'label'),
      state: o.getAttribute('state') !== null ? Number(o.getAttribute('state')) : undefined,
    }));
  }
  return info;
}

function entityOf(el: Element): PackagedEntity {
  const info = firstChild(firstChild(el, 'EntityInfo') ?? el, 'entity');
  const logicalName = (info?.getAttribute('Name') ?? textOf(el, 'Name') ?? '').toLowerCase();
  const attributes: Record<string, AttributeInfo> = {};
  const attrs = info ? firstChild(info, 'attributes') : undefined;
  for (const a of attrs ? childElements(attrs, 'attribute') : []) {
    const ai = attributeInfo(a);
    attributes[ai.logicalName] = ai;
  }
  const ribbonEl = firstChild(el, 'RibbonDiffXml');
  const sqs = firstChild(el, 'SavedQueries');
  const savedqueries = sqs ? (firstChild(sqs, 'savedqueries') ?? sqs) : undefined;
  const views = (savedqueries ? childElements(savedqueries, 'savedquery') : [])
    .map((sq) => parseSavedQuery(logicalName, sq, 'solution'))
    .filter((v): v is ViewDef => v !== null);
  const forms: Element[] = [];
  const formXml = firstChild(el, 'FormXml');
  for (const f of formXml ? childElements(formXml, 'forms') : []) forms.push(...childElements(f, 'systemform'));
  return {
    logicalName,
    entitySetName: info ? textOf(info, 'EntitySetName') : undefined,
    labels: labelsOf(info ? firstChild(info, 'LocalizedNames') : undefined, 'LocalizedName'),
    collectionLabels: labelsOf(info ? firstChild(info, 'LocalizedCollectionNames') : undefined, 'LocalizedCollectionName'),
    attributes,
    ribbon: ribbonEl && childElements(ribbonEl).length ? parseRibbonDiff(logicalName, ribbonEl) : undefined,
    views,
    forms,
  };
}

const zipPath = (fileName: string): string => fileName.replace(/^\//, '');

export async function readSolutionPackage(zipBytes: Buffer): Promise<SolutionPackage> {
  const zip = await JSZip.loadAsync(zipBytes);
  const text = async (name: string): Promise<string> => {
    const f = zip.file(name);
    if (!f) throw new Error(`The solution zip has no ${name}; build it with npm run build.`);
    return f.async('string');
  };
  const solution = parseXml(await text('solution.xml'), 'solution.xml').documentElement!;
  const manifest = firstChild(solution, 'SolutionManifest');
  const customizations = parseXml(await text('customizations.xml'), 'customizations.xml').documentElement!;

  const entities = new Map<string, PackagedEntity>();
  const ents = firstChild(customizations, 'Entities');
  for (const e of ents ? childElements(ents, 'Entity') : []) {
    const pe = entityOf(e);
    entities.set(pe.logicalName, pe);
  }

  const webResources: SolutionPackage['webResources'] = new Map();
  const wrs = firstChild(customizations, 'WebResources');
  for (const wr of wrs ? childElements(wrs, 'WebResource') : []) {
    const name = textOf(wr, 'Name') ?? '';
    const fileName = textOf(wr, 'FileName') ?? `/WebResources/${name}`;
    const file = zip.file(zipPath(fileName));
    if (!file) throw new Error(`The solution zip declares web resource ${name} but has no file ${fileName}; rebuild it with npm run build.`);
    webResources.set(name, { name, type: Number(textOf(wr, 'WebResourceType') ?? '0'), displayName: textOf(wr, 'DisplayName'), content: await file.async('nodebuffer') });
  }

  const controls: SolutionPackage['controls'] = new Map();
  const ccs = firstChild(customizations, 'CustomControls');
  for (const cc of ccs ? childElements(ccs, 'CustomControl') : []) {
    const manifestPath = zipPath(textOf(cc, 'FileName') ?? '');
    const folder = manifestPath.replace(/\/ControlManifest\.xml$/i, '');
    const def = parseControlManifest(await text(manifestPath), folder);
    const files = new Map<string, Buffer>();
    for (const name of Object.keys(zip.files)) {
      if (name.startsWith(`${folder}/`) && !zip.files[name].dir) files.set(name.slice(folder.length + 1), await zip.files[name].async('nodebuffer'));
    }
    controls.set(def.name, { ...def, solutionName: textOf(cc, 'Name') ?? undefined, files });
  }

  return {
    uniqueName: (manifest && textOf(manifest, 'UniqueName')) ?? '',
    version: (manifest && textOf(manifest, 'Version')) ?? '',
    entities,
    webResources,
    controls,
  };
}
