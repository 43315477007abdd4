/**
 * Reading and writing the versioned mapping file (config/mappings.json). Parsing is separate from validation:
 * a file that is not even a mapping set is refused with what is wrong; a well-formed set then goes through
 * validateMappingSet, which names mapping and field for every problem.
 */
import type { MappingProblem } from './messages';
import type { IntegrationMapping, MappingSet } from './types';
import { validateMappingSet, type Catalogs, type ValidationResult } from './validate';

export interface LoadedMappings extends ValidationResult {
  set: MappingSet | null;
}

function shapeProblem(file: string, message: string): MappingProblem {
  return { code: 'CONFIG_BAD_SHAPE', severity: 'error', params: { file, message } };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and validates the text of a mapping file. `set` is null when there is any error. */
export function parseMappingFile(text: string, file = 'config/mappings.json', catalogs?: Catalogs): LoadedMappings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { set: null, errors: [{ code: 'CONFIG_INVALID_JSON', severity: 'error', params: { file, message: (e as Error).message } }], warnings: [] };
  }
  if (!isObject(raw)) return { set: null, errors: [shapeProblem(file, 'the top level must be an object { "version": 1, "mappings": [...] }')], warnings: [] };
  if (raw.version !== 1) return { set: null, errors: [shapeProblem(file, `"version" is ${JSON.stringify(raw.version)}; this connector reads version 1`)], warnings: [] };
  if (!Array.isArray(raw.mappings)) return { set: null, errors: [shapeProblem(file, '"mappings" must be a list')], warnings: [] };
  const errors: MappingProblem[] = [];
  raw.mappings.forEach((m, i) => {
    const label = isObject(m) && typeof m.name === 'string' ? `mapping ${m.name}` : `mapping #${i + 1}`;
    if (!isObject(m)) return errors.push(shapeProblem(file, `${label} is not an object`));
    for (const key of ['erp', 'crm', 'description', 'labels'] as const) if (!isObject(m[key])) errors.push(shapeProblem(file, `${label}: "${key}" must be an object`));
    for (const key of ['fields', 'match', 'dependencies'] as const) if (!Array.isArray(m[key])) errors.push(shapeProblem(file, `${label}: "${key}" must be a list`));
    if (Array.isArray(m.fields)) {
      m.fields.forEach((f, j) => {
        if (!isObject(f) || typeof f.erp !== 'string' || typeof f.crm !== 'string') errors.push(shapeProblem(file, `${label}: field #${j + 1} needs "erp" and "crm" names`));
      });
    }
    if (Array.isArray(m.match) && !m.match.every((k) => Array.isArray(k) && k.every((c) => typeof c === 'string'))) errors.push(shapeProblem(file, `${label}: "match" must be a list of lists of column names`));
    return undefined;
  });
  if (errors.length) return { set: null, errors, warnings: [] };
  const set = raw as unknown as MappingSet;
  const result = validateMappingSet(set, catalogs);
  return { set: result.errors.length ? null : set, ...result };
}

/** The text written to config/mappings.json: stable key order, two-space indent, final newline. */
export function serializeMappingSet(set: MappingSet): string {
  return JSON.stringify(set, null, 2) + '\n';
}

/** The mappings to run: enabled ones, optionally limited to `names` (the setup page's choice). */
export function selectMappings(set: MappingSet, names?: readonly string[] | null): IntegrationMapping[] {
  const wanted = names && names.length ? new Set(names.map((n) => n.trim().toUpperCase())) : null;
  return set.mappings.filter((m) => m.enabled && (!wanted || wanted.has(m.name)));
}
