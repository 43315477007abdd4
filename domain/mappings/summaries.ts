/**
 * What the assisted setup page shows of each default mapping: its name, whether it is on, its description, its
 * direction and what it depends on. Derived from defaultMappings (the one source); the page's bundle gets this
 * list evaluated at build time (webresources/build/bundle.ts, buildTimeModules), so it does not carry the field
 * lists, filters and labels of every mapping (13.5 KB minified) to show nine lines.
 */
import { defaultMappings } from './defaults';
import type { IntegrationMapping } from './types';

export type MappingSummary = Pick<IntegrationMapping, 'name' | 'enabled' | 'description' | 'direction' | 'dependencies'>;

export const mappingSummaries: MappingSummary[] = defaultMappings.map(({ name, enabled, description, direction, dependencies }) => ({
  name,
  enabled,
  description,
  direction,
  dependencies,
}));
