/**
 * The assisted setup's web resources: erp_/html/setup.html (the page), erp_/js/setup.texts.js (its EN/FR texts),
 * erp_/js/setup.data.js (its Web API client) and erp_/js/setup.js (the page script). scripts/build-webresources.ts calls buildSetupPage; the packer takes
 * them from out/webresources. Their solution source (WebResources/erp_/{html,js}/setup.*.data.xml, fixed ids) is
 * generated from setupPageWebResources in formRegistrations.ts.
 */
import * as path from 'path';
import { buildHtmlPage, type BuiltFile } from '../build/bundle';

const ROOT = path.resolve(__dirname, '..', '..');

export function buildSetupPage(outDir = path.join(ROOT, 'out', 'webresources')): Promise<BuiltFile[]> {
  return buildHtmlPage(__dirname, 'setup', outDir, ['texts', 'data']);
}
