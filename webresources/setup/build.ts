/**
 * The assisted setup's web resources: erp_/html/setup.html (the page) and erp_/js/setup.js (its production IIFE
 * bundle). scripts/build-webresources.ts calls buildSetupPage; the packer takes both from out/webresources.
 * Their solution source is solution/src/WebResources/erp_/{html,js}/setup.*.data.xml with these fixed ids.
 */
import * as path from 'path';
import { buildHtmlPage, type BuiltFile } from '../build/bundle';

const ROOT = path.resolve(__dirname, '..', '..');

export const setupWebResources = [
  { name: 'erp_/html/setup.html', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000721', type: 1, displayName: 'ERP Link: assisted setup' },
  { name: 'erp_/js/setup.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000722', type: 3, displayName: 'ERP Link: assisted setup script' },
] as const;

export function buildSetupPage(outDir = path.join(ROOT, 'out', 'webresources')): Promise<BuiltFile[]> {
  return buildHtmlPage(__dirname, 'setup', outDir);
}
