/**
 * Function parameters, which unlike key segments may be complex values: an entity reference passed through a
 * parameter alias, `Target=@t` with `@t={'@odata.id':'accounts(<id>)'}` (Learn, "Use Web API functions", passing
 * parameters: https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/use-web-api-functions).
 * Everything else is read as parseArgs reads it.
 */
import { queryError } from '../errors';
import { parseArgs } from './query';

export function parseFunctionArgs(args: string, aliases: Record<string, string> = {}): Record<string, unknown> {
  const complex: Record<string, string> = {};
  const simple: Record<string, string> = {};
  for (const [k, v] of Object.entries(aliases)) (v.trim().startsWith('{') ? complex : simple)[k] = v;
  if (!Object.keys(complex).length) return parseArgs(args, aliases).named;
  const out: Record<string, unknown> = {};
  const rest: string[] = [];
  for (const part of args.split(',')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(@[A-Za-z0-9_]+)\s*$/.exec(part);
    if (m && m[2] in complex) out[m[1]] = jsonObject(complex[m[2]], m[2]);
    else rest.push(part);
  }
  return { ...(rest.join(',').trim() ? parseArgs(rest.join(','), simple).named : {}), ...out };
}

/** JSON, or the single-quoted JSON the Learn examples use. */
function jsonObject(text: string, alias: string): Record<string, unknown> {
  for (const candidate of [text, text.replace(/'/g, '"')]) {
    try {
      const v: unknown = JSON.parse(candidate);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      /* try the next form */
    }
  }
  throw queryError(`The value of the parameter alias '${alias}' is not a JSON object such as {'@odata.id':'accounts(<id>)'}.`);
}
