/**
 * Choice (picklist) metadata over the Web API: a column's options with every label, as the option mappings and the
 * document payment/shipment terms need them.
 */
import type { ChoiceOptionLabels } from '../../domain/documentChoices';

export interface PicklistMetadata {
  OptionSet?: { Options?: Array<{ Value: number; Label?: { LocalizedLabels?: Array<{ Label: string }>; UserLocalizedLabel?: { Label: string } | null } }> };
}

export function optionsPath(table: string, column: string): string {
  return `EntityDefinitions(LogicalName='${table}')/Attributes(LogicalName='${column}')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options)`;
}

/** Every option of the column with its labels in every language (no duplicates, none empty). */
export function parseOptions(meta: PicklistMetadata | null | undefined): ChoiceOptionLabels[] {
  return (meta?.OptionSet?.Options ?? []).map((o) => ({
    value: o.Value,
    labels: [...new Set([...(o.Label?.LocalizedLabels ?? []).map((l) => l.Label), o.Label?.UserLocalizedLabel?.Label ?? ''].filter(Boolean))],
  }));
}
