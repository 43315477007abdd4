/**
 * What the dialog was opened for: the `data` parameter Xrm.Navigation.navigateTo passes to an HTML web resource
 * (`?data=<JSON>`, written by lib/couplingCommands.ts). Checked again here: a page URL can be typed by anyone.
 */
import type { CouplingDialogInput, DialogMode } from '../lib/couplingCommands';
import { isCouplingTable, MAX_RECORDS_PER_RUN } from '../lib/couplingTargets';

const MODES: readonly DialogMode[] = ['couple', 'createInErp', 'createInSales', 'syncNow'];
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

export type ParsedInput = { ok: true; input: CouplingDialogInput } | { ok: false; problem: string };

/** Parses `location.search`; the problem (English, technical) tells a developer what the caller sent wrong. */
export function parseDialogInput(search: string): ParsedInput {
  const raw = new URLSearchParams(search).get('data');
  if (!raw) return { ok: false, problem: 'no data parameter was given.' };
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { ok: false, problem: `the data parameter is not JSON (${raw.slice(0, 60)}).` };
  }
  if (!MODES.includes(data.mode as DialogMode)) return { ok: false, problem: `mode "${String(data.mode)}" is not one of ${MODES.join(', ')}.` };
  if (!isCouplingTable(data.table)) return { ok: false, problem: `table "${String(data.table)}" is not account, contact or product.` };
  const ids = Array.isArray(data.ids) ? data.ids : [];
  if (!ids.every((id): id is string => typeof id === 'string' && GUID.test(id))) return { ok: false, problem: 'ids must be record ids (GUIDs).' };
  const mode = data.mode as DialogMode;
  if (mode === 'createInSales' && ids.length > 0) return { ok: false, problem: 'Create in Sales starts from the ERP and takes no record ids.' };
  if (mode === 'couple' && ids.length !== 1) return { ok: false, problem: 'coupling works on exactly one record.' };
  if ((mode === 'createInErp' || mode === 'syncNow') && (ids.length < 1 || ids.length > MAX_RECORDS_PER_RUN)) return { ok: false, problem: `give 1 to ${MAX_RECORDS_PER_RUN} record ids.` };
  return {
    ok: true,
    input: { mode, table: data.table, ids: ids.map((id) => id.replace(/[{}]/g, '').toLowerCase()), name: typeof data.name === 'string' ? data.name : undefined },
  };
}
