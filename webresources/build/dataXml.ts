/**
 * `<name>.data.xml` of each web resource in the layout `pac solution unpack` writes (solution/src/WebResources/…).
 * Each JS library depends on both RESX web resources, which is what makes Xrm.Utility.getResourceString find them.
 */
import { couplingPageWebResources, resxWebResources, setupPageWebResources, webResourceBundles } from '../formRegistrations';
import { escapeXml } from './xml';

export const WEB_RESOURCE_TYPE = { html: 1, js: 3, resx: 12 } as const;

interface DataXmlInput {
  id: string;
  name: string;
  displayName: string;
  type: number;
  languageCode?: number;
  dependencyXml: string;
}

export function dependencyXmlForScripts(): string {
  const libraries = resxWebResources
    .map((r) => `<Library name="${escapeXml(r.name)}" displayName="${escapeXml(r.displayName)}" languagecode="${r.lcid}" description="" libraryUniqueId="{${r.id}}" />`)
    .join('');
  return `<Dependencies><Dependency componentType="WebResource">${libraries}</Dependency></Dependencies>`;
}

const EMPTY_DEPENDENCIES = '<Dependencies><Dependency componentType="WebResource" /></Dependencies>';

function dataXml(w: DataXmlInput): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<WebResource>',
    `  <WebResourceId>{${w.id}}</WebResourceId>`,
    `  <Name>${escapeXml(w.name)}</Name>`,
    `  <DisplayName>${escapeXml(w.displayName)}</DisplayName>`,
    ...(w.languageCode ? [`  <LanguageCode>${w.languageCode}</LanguageCode>`] : []),
    `  <WebResourceType>${w.type}</WebResourceType>`,
    '  <IntroducedVersion>1.0</IntroducedVersion>',
    '  <IsEnabledForMobileClient>0</IsEnabledForMobileClient>',
    '  <IsAvailableForMobileOffline>0</IsAvailableForMobileOffline>',
    `  <DependencyXml>${escapeXml(w.dependencyXml)}</DependencyXml>`,
    '  <IsCustomizable>1</IsCustomizable>',
    '  <CanBeDeleted>1</CanBeDeleted>',
    '  <IsHidden>0</IsHidden>',
    `  <FileName>/WebResources/${escapeXml(w.name)}</FileName>`,
    '</WebResource>',
    '',
  ].join('\n');
}

/** Relative path under solution/src → content. */
export function webResourceDataFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const b of webResourceBundles) {
    files[`WebResources/${b.name}.data.xml`] = dataXml({ id: b.id, name: b.name, displayName: b.displayName, type: WEB_RESOURCE_TYPE.js, dependencyXml: dependencyXmlForScripts() });
  }
  for (const r of resxWebResources) {
    files[`WebResources/${r.name}.data.xml`] = dataXml({ id: r.id, name: r.name, displayName: r.displayName, type: WEB_RESOURCE_TYPE.resx, languageCode: r.lcid, dependencyXml: EMPTY_DEPENDENCIES });
  }
  for (const p of [...setupPageWebResources, ...couplingPageWebResources]) {
    files[`WebResources/${p.name}.data.xml`] = dataXml({ id: p.id, name: p.name, displayName: p.displayName, type: p.type, dependencyXml: EMPTY_DEPENDENCIES });
  }
  return files;
}
