/**
 * The post-9.0 layer over Microsoft's 9.0 customization schemas (solution/schemas, Schemas.zip 9.0.0.2090).
 *
 * Dataverse exports now write elements, attributes and values that the 9.0 XSD predates, so validating a real export
 * against it reports errors that would not stop an import. Each edit below adds exactly one thing, names the real
 * export it was seen in (../shared/reference/real-exports/), and must match the 9.0 text exactly once: if Microsoft's
 * schema file changes, the layer fails loudly instead of silently validating less. The checker validates against the
 * layered copy; solution/schemas keeps Microsoft's text (with the libxml2 patches its README lists).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface SchemaEdit {
  file: 'CustomizationsSolution.xsd' | 'FormXml.xsd';
  /** What current exports write that 9.0 does not declare. */
  adds: string;
  /** The real export it was seen in. */
  seenIn: string;
  find: string;
  replace: string;
}

const ex01 = '01 dataverse-ify (unmanaged, 9.2.23022)';
const ex04 = '04 EducationCoreBusinessLogic (managed, 9.2.22102)';
const ex08 = '08 K12Portal (managed, 9.2.22103)';

const optional = (names: string[], type = 'xs:string', indent = '\t\t\t\t\t\t\t\t\t\t\t\t') => names.map((n) => `\n${indent}<xs:element name="${n}" type="${type}" minOccurs="0" maxOccurs="1" />`).join('');

/** Column (attribute) elements Dataverse writes since 9.0, in an xs:all group (order free). */
const ATTRIBUTE_ELEMENTS = ['AutoNumberFormat', 'IsSearchable', 'IsFilterable', 'IsRetrievable', 'IsLocalizable'];
/** Table (entity) elements Dataverse writes since 9.0, in an xs:all group. */
const ENTITY_ELEMENTS = ['IsRetrieveAuditEnabled', 'IsRetrieveMultipleAuditEnabled', 'IsSolutionAware'];
/** Control parameters of the timeline control (classid 06375649-…) in system forms. */
const CONTROL_PARAMETERS = ['UClientUniqueName', 'UClientModules', 'UClientDefaultModuleForCreateExperience', 'UClientShowFilterPane', 'UClientExpandFilterPane', 'UClientOrderBy', 'UClientRecordPerPage', 'EmailConversationView', 'ShowArticleTab', 'DefaultTabId', 'SelectDefaultLanguage'];

export const SCHEMA_EDITS: SchemaEdit[] = [
  {
    file: 'CustomizationsSolution.xsd',
    adds: `column elements ${ATTRIBUTE_ELEMENTS.join(', ')}`,
    seenIn: `${ex01}, ${ex08}`,
    find: '<xs:element name="IsDataSourceSecret" type="TrueFalse01Type" minOccurs="0" maxOccurs="1" />\n\t\t\t\t\t\t\t\t\t\t\t</xs:all>',
    replace: `<xs:element name="IsDataSourceSecret" type="TrueFalse01Type" minOccurs="0" maxOccurs="1" />${optional(ATTRIBUTE_ELEMENTS)}\n\t\t\t\t\t\t\t\t\t\t\t</xs:all>`,
  },
  {
    file: 'CustomizationsSolution.xsd',
    adds: 'column type "file" (file columns, with their FileAttachment relationship)',
    seenIn: ex01,
    find: '<xs:enumeration value="managedproperty" />',
    replace: '<xs:enumeration value="managedproperty" />\n\t\t\t<xs:enumeration value="file" />',
  },
  {
    file: 'CustomizationsSolution.xsd',
    adds: `table elements ${ENTITY_ELEMENTS.join(', ')}`,
    seenIn: `${ex01}, ${ex08}`,
    find: '<xs:element name="MobileOfflineFilters" type="xs:string" minOccurs="0" maxOccurs="1" />',
    replace: `<xs:element name="MobileOfflineFilters" type="xs:string" minOccurs="0" maxOccurs="1" />${optional(ENTITY_ELEMENTS, 'xs:string', '\t\t\t\t\t\t')}`,
  },
  {
    file: 'CustomizationsSolution.xsd',
    adds: 'EntityImageConfigs and AttributeImageConfigs (image columns) after Templates',
    seenIn: ex01,
    find: '<xs:element name="Templates" type="CrmTemplatesType" minOccurs="0" maxOccurs="1" />',
    replace:
      '<xs:element name="Templates" type="CrmTemplatesType" minOccurs="0" maxOccurs="1" />\n\t\t\t\t<xs:element name="EntityImageConfigs" minOccurs="0" maxOccurs="1"><xs:complexType><xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded" /></xs:sequence></xs:complexType></xs:element>\n\t\t\t\t<xs:element name="AttributeImageConfigs" minOccurs="0" maxOccurs="1"><xs:complexType><xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded" /></xs:sequence></xs:complexType></xs:element>',
  },
  {
    file: 'CustomizationsSolution.xsd',
    adds: 'plug-in step children in any order (exports write SdkMessageName, PluginTypeName… after the 9.0 order)',
    seenIn: ex04,
    find: '<xs:complexType name="sdkmessageprocessingsteptype">\n\t\t<xs:sequence>',
    replace: '<xs:complexType name="sdkmessageprocessingsteptype">\n\t\t<xs:all>',
  },
  {
    file: 'CustomizationsSolution.xsd',
    adds: 'plug-in step element SdkMessageName (closing the xs:all above)',
    seenIn: ex04,
    find: '<xs:element name="SdkMessageProcessingStepImages" type="sdkmessageprocessingstepimagestype" minOccurs="0" maxOccurs="1" />\n\t\t</xs:sequence>',
    replace: `<xs:element name="SdkMessageProcessingStepImages" type="sdkmessageprocessingstepimagestype" minOccurs="0" maxOccurs="1" />${optional(['SdkMessageName'], 'xs:string', '\t\t\t')}\n\t\t</xs:all>`,
  },
  {
    file: 'CustomizationsSolution.xsd',
    adds: 'workflow elements IsCustomProcessingStepAllowedForOtherPublishers, ProcessTriggerScope (after BusinessProcessType; RendererObjectTypeCode and BusinessProcessType are optional)',
    seenIn: ex08,
    find: '<xs:element name="BusinessProcessType" type="xs:nonNegativeInteger" minOccurs="0" maxOccurs="1" />',
    replace: '<xs:element name="BusinessProcessType" type="xs:nonNegativeInteger" minOccurs="0" maxOccurs="1" />\n\t\t\t\t\t\t<xs:element name="IsCustomProcessingStepAllowedForOtherPublishers" type="TrueFalse01Type" minOccurs="0" maxOccurs="1" />\n\t\t\t\t\t\t<xs:element name="ProcessTriggerScope" type="xs:integer" minOccurs="0" maxOccurs="1" />',
  },
  {
    file: 'CustomizationsSolution.xsd',
    adds: 'relationship element CascadeArchive (after CascadeDelete)',
    seenIn: ex01,
    find: '<xs:element name="CascadeDelete" type="CrmCascadeDeleteLinkType" minOccurs="0" maxOccurs="1" />',
    replace: '<xs:element name="CascadeDelete" type="CrmCascadeDeleteLinkType" minOccurs="0" maxOccurs="1" />\n\t\t\t\t\t\t<xs:element name="CascadeArchive" type="CrmCascadeDeleteLinkType" minOccurs="0" maxOccurs="1" />',
  },
  {
    file: 'CustomizationsSolution.xsd',
    adds: 'app modules and their site maps as exported today (EnableCollapsibleGroups, OptimizedFor…): not validated, ERP Link ships none',
    seenIn: ex01,
    find: '<xs:element name="AppModuleSiteMaps" type="AppModuleSiteMapsType" minOccurs="0" maxOccurs="1" />\n\t\t\t\t<xs:element name="AppModules" type="AppModulesType" minOccurs="0" maxOccurs="1" />',
    replace: '<xs:element name="AppModuleSiteMaps" minOccurs="0" maxOccurs="1"><xs:complexType><xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded" /></xs:sequence></xs:complexType></xs:element>\n\t\t\t\t<xs:element name="AppModules" minOccurs="0" maxOccurs="1"><xs:complexType><xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded" /></xs:sequence></xs:complexType></xs:element>',
  },
  {
    file: 'FormXml.xsd',
    adds: 'subgrid control parameter HeaderColorCode',
    seenIn: ex08,
    find: '<xs:element name="RecordsPerPage"  ',
    replace: '<xs:element name="HeaderColorCode" type="xs:string" minOccurs="0" maxOccurs="1" />\n              <xs:element name="RecordsPerPage"  ',
  },
  {
    file: 'FormXml.xsd',
    adds: 'a form without tabs (a managed layer with solutionaction="Modified" writes only the parts it changes)',
    seenIn: ex08,
    find: '<xs:element name="tabs"  \n                  minOccurs="1"',
    replace: '<xs:element name="tabs"  \n                  minOccurs="0"',
  },
  {
    file: 'FormXml.xsd',
    adds: 'form attribute headerdensity (unified interface header)',
    seenIn: `${ex01}, ${ex08}`,
    find: '<xs:attribute name="shownavigationbar"',
    replace: '<xs:attribute name="headerdensity" type="xs:string" use="optional" />\n    <xs:attribute name="shownavigationbar"',
  },
  {
    file: 'FormXml.xsd',
    adds: 'header/footer attribute solutionaction (managed layering of form parts)',
    seenIn: ex08,
    find: '<xs:attribute name="celllabelposition"',
    replace: '<xs:attribute name="solutionaction" type="xs:string" use="optional" />\n    <xs:attribute name="celllabelposition"',
  },
  {
    file: 'FormXml.xsd',
    adds: 'form attribute solutionaction, on a form whose managed layer changes only some parts (so it may have no tabs)',
    seenIn: ex08,
    find: '<xs:attribute name="shownavigationbar"',
    replace: '<xs:attribute name="solutionaction" type="xs:string" use="optional" />\n    <xs:attribute name="shownavigationbar"',
  },
  {
    file: 'FormXml.xsd',
    adds: 'tab and section ids without braces',
    seenIn: ex08,
    find: '<xs:pattern value="\\{[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}\\}" />',
    replace: '<xs:pattern value="\\{?[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}\\}?" />',
  },
  {
    file: 'FormXml.xsd',
    adds: `timeline control parameters ${CONTROL_PARAMETERS.join(', ')}`,
    seenIn: ex08,
    find: '<xs:element name="Url"  \n                          type="xs:string"  \n                          minOccurs="0"  \n                          maxOccurs="1" />',
    replace: `<xs:element name="Url"  \n                          type="xs:string"  \n                          minOccurs="0"  \n                          maxOccurs="1" />${CONTROL_PARAMETERS.map((n) => `\n              <xs:element name="${n}" type="xs:string" minOccurs="0" maxOccurs="1" />`).join('')}`,
  },
];

/** Applies the layer; throws when an edit no longer matches Microsoft's text exactly once. */
export function layeredSchema(file: SchemaEdit['file'], text: string): string {
  let out = text.replace(/\r\n/g, '\n');
  for (const e of SCHEMA_EDITS.filter((x) => x.file === file)) {
    const count = out.split(e.find).length - 1;
    if (count !== 1) throw new Error(`solution/tools/schemaLayer.ts: the edit adding ${e.adds} matches ${count} times in ${file}; update the edit to the schema's text.`);
    out = out.replace(e.find, () => e.replace);
  }
  return out;
}

let cached: string | undefined;
/** A folder holding every schema of `schemasDir`, with the layer applied; written once per process. */
export function layeredSchemasDir(schemasDir: string): string {
  if (cached && fs.existsSync(cached)) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erp-xsd-'));
  for (const f of fs.readdirSync(schemasDir).filter((n) => n.endsWith('.xsd'))) {
    const text = fs.readFileSync(path.join(schemasDir, f), 'utf8');
    fs.writeFileSync(path.join(dir, f), f === 'CustomizationsSolution.xsd' || f === 'FormXml.xsd' ? layeredSchema(f, text) : text);
  }
  cached = dir;
  return dir;
}
