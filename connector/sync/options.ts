/**
 * Option mappings (payment terms, shipment methods): an ERP code ⇄ a choice value of a Sales column. The choices
 * are read from the column's metadata; an ERP code is coupled with the choice whose label (any language) is its
 * code or its name, and when there is none a choice labelled with the code is added (InsertOptionValue, then
 * published), as Business Central does. The tables are small: one pass reads them whole.
 */
import { erpRecordNoun, formatMappingProblem, type IntegrationMapping, type NounLabel } from '../../domain/mappings';
import { normalizeId } from '../../domain/orderValidation';
import type { ChoiceOptionLabels } from '../../domain/documentChoices';
import type { BatchOperation } from '../dataverse/batch';
import { optionsPath, parseOptions, type PicklistMetadata } from '../dataverse/choices';
import { HttpError } from '../http/httpClient';
import type { SyncContext } from './context';
import { byErpIdPaths, couplingTable, isCoupled, opCouple, opPendingErp, opSkip, opSynced, pendingTables, readCouplings, type Coupling } from './couplings';
import type { MappingSync } from './engine';
import { erpPages, type ErpRow } from './erpAccess';
import { batchMessage, runChangeSets } from './writes';

type OptionMeta = ChoiceOptionLabels;

export async function readOptions(ctx: SyncContext, table: string, column: string): Promise<OptionMeta[]> {
  return parseOptions(await ctx.s.dv.get<PicklistMetadata>(optionsPath(table, column)));
}

async function insertOption(ctx: SyncContext, table: string, column: string, label: string): Promise<number> {
  const res = await ctx.s.dv.http.request({
    method: 'POST',
    url: `${ctx.s.dv.apiRoot}InsertOptionValue`,
    headers: { 'Content-Type': 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' },
    body: JSON.stringify({ EntityLogicalName: table, AttributeLogicalName: column, Label: { LocalizedLabels: [{ Label: label, LanguageCode: 1033 }, { Label: label, LanguageCode: 1036 }] } }),
  });
  return Number((JSON.parse(res.text) as { NewOptionValue: number }).NewOptionValue);
}

async function publish(ctx: SyncContext, table: string): Promise<void> {
  await ctx.s.dv.http.request({
    method: 'POST',
    url: `${ctx.s.dv.apiRoot}PublishXml`,
    headers: { 'Content-Type': 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' },
    body: JSON.stringify({ ParameterXml: `<importexportxml><entities><entity>${table}</entity></entities></importexportxml>` }),
  });
}

const norm = (s: unknown): string => String(s ?? '').trim().toLowerCase();

export async function syncOptionMapping(ctx: SyncContext, mapping: IntegrationMapping, sync: MappingSync): Promise<void> {
  const table = mapping.crm.table;
  const column = mapping.crm.optionColumn as string;
  const noun = (en: string, fr: string): NounLabel => ({ en: { the: en, a: en }, fr: { the: fr, a: fr } });
  let options: OptionMeta[];
  try {
    options = await readOptions(ctx, table, column);
  } catch (e) {
    if (e instanceof HttpError && e.errorClass === 'transient') throw e;
    const message = formatMappingProblem(
      { code: 'REC_ROUTE_MISSING', params: { mapping: mapping.name, message: (e as Error).message }, nouns: { entity: { label: noun(`the choices of ${table}.${column} in Sales`, `les choix de ${table}.${column} dans Sales`), form: 'the' } } },
      ctx.lcid,
    );
    sync.counts.failed += 1;
    sync.errors.push(message);
    return;
  }
  const rows: ErpRow[] = [];
  for await (const page of erpPages(ctx, mapping, { orderby: `${mapping.erp.key} asc` })) rows.push(...page);
  const couplings = await readCouplings(ctx, byErpIdPaths(mapping, rows.map((r) => String(r.id))));
  const byErp = new Map<string, Coupling>(couplings.filter((c) => c.crmTable === couplingTable(mapping) || pendingTables(couplingTable(mapping)).includes(c.crmTable)).map((c) => [c.erpId, c]));
  const taken = new Set(couplings.filter(isCoupled).map((c) => c.crmId));
  const sets: BatchOperation[][] = [];
  const counts: Array<keyof typeof sync.counts> = [];
  let inserted = false;
  for (const row of rows) {
    const erpId = normalizeId(String(row.id));
    const c = byErp.get(erpId);
    const code = String(row[mapping.erp.key] ?? '');
    const name = String(row.displayName ?? row[mapping.erp.nameField] ?? '');
    if (c?.skipped && sync.mode !== 'retry') {
      sync.counts.skipped += 1;
      continue;
    }
    if (c && isCoupled(c) && options.some((o) => String(o.value) === c.crmId)) {
      sets.push(c.skipped || c.lastError ? [opSynced(c, ctx.s.now(), true)] : []);
      counts.push('unchanged');
      continue;
    }
    let option = options.find((o) => !taken.has(String(o.value)) && o.labels.some((l) => norm(l) === norm(code) || (name && norm(l) === norm(name))));
    let count: 'unchanged' | 'inserted' = 'unchanged';
    if (!option) {
      try {
        const value = await insertOption(ctx, table, column, code);
        option = { value, labels: [code] };
        options.push(option);
        inserted = true;
        count = 'inserted';
      } catch (e) {
        if (e instanceof HttpError && e.errorClass === 'transient') throw e;
        const message = formatMappingProblem(
          { code: 'REC_REJECTED', params: { message: (e as Error).message }, nouns: { record: { label: erpRecordNoun(mapping, row), form: 'the' }, side: { label: noun('Sales', 'Sales'), form: 'the' } } },
          ctx.lcid,
        );
        sync.counts.failed += 1;
        sync.errors.push(message);
        await runChangeSets(ctx, [[c ? opSkip(c, message) : opPendingErp(mapping, erpId, code, code, message, ctx.connectionId)]]);
        continue;
      }
    }
    taken.add(String(option.value));
    sets.push([opCouple({ mapping, crmId: String(option.value), erpId, erpNumber: code, name: `${option.labels[0] ?? code} ⇄ ${code}`, now: ctx.s.now(), connectionId: ctx.connectionId })]);
    counts.push(count === 'inserted' ? 'inserted' : 'modified');
  }
  if (inserted) await publish(ctx, table).catch((e: Error) => ctx.s.log.warn('publishing the new choices failed; they show after the next publish', { table, error: e.message }));
  const results = await runChangeSets(ctx, sets);
  results.forEach((r, i) => {
    if (r.ok) sync.counts[counts[i]] += 1;
    else {
      sync.counts.failed += 1;
      sync.errors.push(batchMessage(r.error));
    }
  });
}
