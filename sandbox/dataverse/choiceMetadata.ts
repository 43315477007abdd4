/**
 * Choice (picklist) metadata, as the synchronisation's option mappings use it:
 *   GET  EntityDefinitions(LogicalName='account')/Attributes(LogicalName='paymenttermscode')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata
 *   POST InsertOptionValue { EntityLogicalName, AttributeLogicalName, Value?, Label: { LocalizedLabels: [{ Label, LanguageCode }] } }
 * Only local choices of tables the catalog knows; options added at run time live in memory (like any metadata
 * change before an export, they are not persisted).
 */
import { DataverseError, payloadError, segmentNotFound } from './errors';
import type { ActionHandler, ApiRequest, ApiResponse } from './api';
import type { Engine, RequestContext } from './engine';
import type { ColumnDef } from './metadata/types';

/** First value given to options added without a value (the default publisher's prefix 10000). */
const CUSTOM_OPTION_START = 100000000;

function picklist(engine: Engine, tableName: string, columnName: string): ColumnDef {
  const table = engine.catalog.table(tableName);
  if (!table) throw new DataverseError(404, '0x80040217', `Could not find an entity with the name ${tableName}.`);
  const column = table.columns.get(columnName);
  if (!column) throw new DataverseError(404, '0x80040217', `Could not find an attribute with the name ${columnName} on ${tableName}.`);
  if (column.type !== 'picklist') throw new DataverseError(400, '0x80040203', `The attribute ${tableName}.${columnName} is not a choice (picklist).`);
  return column;
}

const label = (text: string, lcid: number) => ({ Label: text, LanguageCode: lcid, IsManaged: false });

/** GET …/EntityDefinitions(LogicalName='t')/Attributes(LogicalName='c')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata */
export function entityDefinitions(engine: Engine, ctx: RequestContext, req: ApiRequest): ApiResponse {
  const m = /^EntityDefinitions\(LogicalName='([^']+)'\)\/Attributes\(LogicalName='([^']+)'\)\/Microsoft\.Dynamics\.CRM\.PicklistAttributeMetadata$/.exec(req.path);
  if (!m) throw segmentNotFound(req.path.split('/').slice(0, 2).join('/'));
  if (req.method.toUpperCase() !== 'GET') throw new DataverseError(405, '0x80060888', `${req.method} is not supported on attribute metadata; use InsertOptionValue to add a choice.`);
  const column = picklist(engine, m[1], m[2]);
  const lcid = ctx.user.languageId ?? 1033;
  const options = (column.options ?? []).map((o) => ({
    Value: o.value,
    Label: { LocalizedLabels: Object.entries(o.labels).map(([l, t]) => label(t, Number(l))), UserLocalizedLabel: label(o.labels[lcid] ?? o.labels[1033] ?? '', lcid) },
  }));
  return {
    status: 200,
    headers: {},
    body: { '@odata.context': `${ctx.apiUrl}$metadata#EntityDefinitions('${m[1]}')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata/$entity`, LogicalName: column.logicalName, OptionSet: { Options: options } },
  };
}

export const insertOptionValue =
  (engine: Engine): ActionHandler =>
  (ctx, _req, { params }) => {
    const table = String(params.EntityLogicalName ?? '');
    const columnName = String(params.AttributeLogicalName ?? '');
    if (!table || !columnName) throw payloadError('InsertOptionValue', 'EntityLogicalName and AttributeLogicalName are required (this stand-in supports local choices only).');
    const column = picklist(engine, table, columnName);
    const labels = ((params.Label as { LocalizedLabels?: Array<{ Label?: string; LanguageCode?: number }> } | undefined)?.LocalizedLabels ?? []).filter((l) => l.Label);
    if (!labels.length) throw payloadError('InsertOptionValue', 'Label.LocalizedLabels needs at least one { Label, LanguageCode }.');
    const options = (column.options ??= []);
    const value = typeof params.Value === 'number' ? params.Value : Math.max(CUSTOM_OPTION_START - 1, ...options.map((o) => o.value)) + 1;
    if (options.some((o) => o.value === value)) throw new DataverseError(400, '0x80047001', `The value ${value} is already used by an option of ${table}.${columnName}.`);
    options.push({ value, labels: Object.fromEntries(labels.map((l) => [l.LanguageCode ?? 1033, l.Label as string])) });
    return { status: 200, headers: {}, body: { '@odata.context': `${ctx.apiUrl}$metadata#Microsoft.Dynamics.CRM.InsertOptionValueResponse`, NewOptionValue: value } };
  };
