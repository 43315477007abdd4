/**
 * The coupling dialog's web resources: erp_/html/coupling.html (the page), erp_/js/coupling.texts.js (its EN/FR
 * texts) and erp_/js/coupling.js (its production IIFE bundle). scripts/build-webresources.ts calls
 * buildCouplingPage; the packer takes them from out/webresources.
 * Their solution source (WebResources/erp_/{html,js}/coupling.*.data.xml) is generated from formRegistrations.ts.
 */
import * as path from 'path';
import { buildHtmlPage, type BuiltFile } from '../build/bundle';

const ROOT = path.resolve(__dirname, '..', '..');

export function buildCouplingPage(outDir = path.join(ROOT, 'out', 'webresources')): Promise<BuiltFile[]> {
  return buildHtmlPage(__dirname, 'coupling', outDir);
}
