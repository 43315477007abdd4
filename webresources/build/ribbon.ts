/**
 * Classic RibbonDiffXml per table (solution/src/Entities/<Table>/RibbonDiff.xml), generated from this one
 * definition so that labels (domain/messages, 1033 + 1036), function names and libraries never drift apart.
 *
 * Rules: display rules are server-side and synchronous (new record? may the user create ERP requests / write the
 * record?); enable rules are our CustomRule functions, which may return a Promise (state of the record and, for
 * roles granted through teams, the privilege check of the client API).
 */
import { catalogs } from '../../domain/messages';
import type { MessageKey } from '../../domain/messages/en';
import { Tables } from '../../domain/schema';
import { escapeXml } from './xml';

type Location = 'form' | 'grid';

interface PrivilegeDisplayRule {
  entity: string;
  type: 'Create' | 'Write' | 'Read';
}

export interface RibbonCommand {
  key: string;
  location: Location;
  label: MessageKey;
  tooltip: MessageKey;
  functionName: string;
  enableFunction: string;
  privileges: PrivilegeDisplayRule[];
  /** A Power Apps modern icon name (Refresh, Link, Add…). */
  image?: string;
  /**
   * CrmParameters of the action, in order. Default: PrimaryControl on forms, SelectedControlSelectedItemIds on
   * grids; SelectedControl lets a grid command refresh the grid.
   */
  parameters?: string[];
  /** Grid commands need a selection unless they start from nothing (Create in Sales from ERP). */
  needsSelection?: boolean;
}

export interface TableRibbon {
  table: 'salesorder' | 'quote' | 'account' | 'contact' | 'product';
  folder: 'SalesOrder' | 'Quote' | 'Account' | 'Contact' | 'Product';
  library: string;
  commands: RibbonCommand[];
}

const request: PrivilegeDisplayRule = { entity: Tables.integrationRequest.logicalName, type: 'Create' };
const connection: PrivilegeDisplayRule = { entity: Tables.connection.logicalName, type: 'Read' };
/** Coupling commands: only for users who may change couplings (the connector checks the same on its side). */
const coupling: PrivilegeDisplayRule = { entity: Tables.coupling.logicalName, type: 'Write' };
/** Refreshing figures is offered to those who may read them (the availability-only role cannot read statistics). */
const statistics: PrivilegeDisplayRule = { entity: Tables.accountStatistics.logicalName, type: 'Read' };
const availability: PrivilegeDisplayRule = { entity: Tables.itemAvailability.logicalName, type: 'Read' };

/**
 * The ERP coupling commands of a table (lib/couplingCommands.ts), as Business Central's "Dynamics 365 Sales" group:
 * on the form, Couple with ERP record… / Create in ERP (not coupled) and Synchronize now… / Uncouple (coupled);
 * on the grid, Create in ERP and Synchronize now… for the selection, and Create in Sales from ERP….
 */
function couplingCommands(namespace: string): RibbonCommand[] {
  const fn = (name: string) => `ErpLink.${namespace}.${name}`;
  const grid = ['SelectedControlSelectedItemIds', 'SelectedControl'];
  return [
    { key: 'CoupleWithErp', location: 'form', label: 'Command.CoupleWithErp.Label', tooltip: 'Command.CoupleWithErp.Tooltip', functionName: fn('coupleWithErp'), enableFunction: fn('canCoupleWithErp'), privileges: [request, coupling], image: 'Link' },
    { key: 'CreateInErp', location: 'form', label: 'Command.CreateInErp.Label', tooltip: 'Command.CreateInErp.Tooltip', functionName: fn('createInErp'), enableFunction: fn('canCreateInErp'), privileges: [request, coupling], image: 'Add' },
    { key: 'SyncNow', location: 'form', label: 'Command.SyncNow.Label', tooltip: 'Command.SyncNow.Tooltip', functionName: fn('synchronizeNow'), enableFunction: fn('canSynchronizeNow'), privileges: [request, coupling], image: 'Refresh' },
    { key: 'Uncouple', location: 'form', label: 'Command.Uncouple.Label', tooltip: 'Command.Uncouple.Tooltip', functionName: fn('uncouple'), enableFunction: fn('canUncouple'), privileges: [request, coupling], image: 'Cancel' },
    { key: 'CreateInErp', location: 'grid', label: 'Command.CreateInErp.Label', tooltip: 'Command.CreateInErpSelected.Tooltip', functionName: fn('createInErpForSelected'), enableFunction: fn('canRunCouplingForSelected'), privileges: [request, coupling], image: 'Add', parameters: grid },
    { key: 'SyncNow', location: 'grid', label: 'Command.SyncNow.Label', tooltip: 'Command.SyncNowSelected.Tooltip', functionName: fn('synchronizeNowForSelected'), enableFunction: fn('canRunCouplingForSelected'), privileges: [request, coupling], image: 'Refresh', parameters: grid },
    { key: 'CreateInSales', location: 'grid', label: 'Command.CreateInSales.Label', tooltip: 'Command.CreateInSales.Tooltip', functionName: fn('createInSalesFromErp'), enableFunction: fn('canCreateInSalesFromErp'), privileges: [request, coupling], image: 'Download', parameters: ['SelectedControl'], needsSelection: false },
  ];
}

export const ribbons: TableRibbon[] = [
  {
    table: 'salesorder',
    folder: 'SalesOrder',
    library: 'erp_/js/salesorder.js',
    commands: [
      { key: 'SubmitToErp', location: 'form', label: 'Command.SubmitToErp.Label', tooltip: 'Command.SubmitToErp.Tooltip', functionName: 'ErpLink.SalesOrder.submitToErp', enableFunction: 'ErpLink.SalesOrder.canSubmit', privileges: [request, { entity: 'salesorder', type: 'Write' }] },
      { key: 'RetrySubmission', location: 'form', label: 'Command.RetrySubmission.Label', tooltip: 'Command.RetrySubmission.Tooltip', functionName: 'ErpLink.SalesOrder.retrySubmission', enableFunction: 'ErpLink.SalesOrder.canRetry', privileges: [request, { entity: 'salesorder', type: 'Write' }], image: 'Refresh' },
      { key: 'RecoverSubmission', location: 'form', label: 'Command.RecoverSubmission.Label', tooltip: 'Command.RecoverSubmission.Tooltip', functionName: 'ErpLink.SalesOrder.recoverSubmission', enableFunction: 'ErpLink.SalesOrder.canRecoverSubmission', privileges: [request, { entity: 'salesorder', type: 'Write' }], image: 'Send' },
      { key: 'CancelSubmission', location: 'form', label: 'Command.CancelSubmission.Label', tooltip: 'Command.CancelSubmission.Tooltip', functionName: 'ErpLink.SalesOrder.cancelSubmission', enableFunction: 'ErpLink.SalesOrder.canCancelSubmission', privileges: [{ entity: Tables.integrationRequest.logicalName, type: 'Write' }, { entity: 'salesorder', type: 'Write' }], image: 'Cancel' },
      { key: 'OpenInErp', location: 'form', label: 'Command.OpenInErp.Label', tooltip: 'Command.OpenInErp.Tooltip', functionName: 'ErpLink.SalesOrder.openInErp', enableFunction: 'ErpLink.SalesOrder.canOpenInErp', privileges: [connection] },
      {
        key: 'SubmitToErp',
        location: 'grid',
        label: 'Command.SubmitToErp.Label',
        tooltip: 'Command.SubmitSelected.Tooltip',
        functionName: 'ErpLink.SalesOrder.submitSelectedToErp',
        enableFunction: 'ErpLink.SalesOrder.canSubmitSelected',
        privileges: [request, { entity: 'salesorder', type: 'Write' }],
        parameters: ['SelectedControlSelectedItemIds', 'SelectedControl'],
      },
    ],
  },
  {
    table: 'quote',
    folder: 'Quote',
    library: 'erp_/js/quote.js',
    commands: [
      { key: 'ProcessInErp', location: 'form', label: 'Command.ProcessInErp.Label', tooltip: 'Command.ProcessInErp.Tooltip', functionName: 'ErpLink.Quote.processInErp', enableFunction: 'ErpLink.Quote.canProcess', privileges: [request, { entity: 'quote', type: 'Write' }] },
      { key: 'OpenInErp', location: 'form', label: 'Command.OpenInErp.Label', tooltip: 'Command.OpenInErp.Tooltip', functionName: 'ErpLink.Quote.openInErp', enableFunction: 'ErpLink.Quote.canOpenInErp', privileges: [connection] },
    ],
  },
  {
    table: 'account',
    folder: 'Account',
    library: 'erp_/js/account.js',
    commands: [
      { key: 'UpdateStatistics', location: 'form', label: 'Command.UpdateStatistics.Label', tooltip: 'Command.UpdateStatistics.Tooltip', functionName: 'ErpLink.Account.updateStatistics', enableFunction: 'ErpLink.Account.canUpdateStatistics', privileges: [request, statistics], image: 'Refresh' },
      { key: 'OpenInErp', location: 'form', label: 'Command.OpenInErp.Label', tooltip: 'Command.OpenInErp.Tooltip', functionName: 'ErpLink.Account.openInErp', enableFunction: 'ErpLink.Account.canOpenInErp', privileges: [connection] },
      { key: 'UpdateStatistics', location: 'grid', label: 'Command.UpdateStatistics.Label', tooltip: 'Command.UpdateStatistics.Tooltip', functionName: 'ErpLink.Account.updateStatisticsForSelected', enableFunction: 'ErpLink.Account.canUpdateStatisticsForSelected', privileges: [request, statistics], image: 'Refresh' },
      ...couplingCommands('Account'),
    ],
  },
  {
    table: 'contact',
    folder: 'Contact',
    library: 'erp_/js/contact.js',
    commands: couplingCommands('Contact'),
  },
  {
    table: 'product',
    folder: 'Product',
    library: 'erp_/js/product.js',
    commands: [
      { key: 'RefreshAvailability', location: 'form', label: 'Command.RefreshAvailability.Label', tooltip: 'Command.RefreshAvailability.Tooltip', functionName: 'ErpLink.Product.refreshAvailability', enableFunction: 'ErpLink.Product.canRefreshAvailability', privileges: [request, availability], image: 'Refresh' },
      { key: 'OpenInErp', location: 'form', label: 'Command.OpenInErp.Label', tooltip: 'Command.OpenInErp.Tooltip', functionName: 'ErpLink.Product.openInErp', enableFunction: 'ErpLink.Product.canOpenInErp', privileges: [connection] },
      { key: 'RefreshAvailability', location: 'grid', label: 'Command.RefreshAvailability.Label', tooltip: 'Command.RefreshAvailability.Tooltip', functionName: 'ErpLink.Product.refreshAvailabilityForSelected', enableFunction: 'ErpLink.Product.canRefreshAvailabilityForSelected', privileges: [request, availability], image: 'Refresh' },
      ...couplingCommands('Product'),
    ],
  },
];

const area = (l: Location) => (l === 'form' ? 'Form' : 'HomepageGrid');
const ids = (table: string, c: Pick<RibbonCommand, 'key' | 'location'>) => {
  const base = `erp.${table}.${area(c.location)}.${c.key}`;
  return { action: `${base}.CustomAction`, button: `${base}.Button`, command: `${base}.Command`, enable: `${base}.EnableRule` };
};
const locLabelId = (table: string, key: MessageKey) => `erp.${table}.${key}`;
const privilegeRuleId = (table: string, p: PrivilegeDisplayRule) => `erp.${table}.Can${p.type}.${p.entity}.DisplayRule`;
const notNewRuleId = (table: string) => `erp.${table}.NotNew.DisplayRule`;
const selectionRuleId = (table: string) => `erp.${table}.OneOrMoreSelected.EnableRule`;

/** The ribbon location a command goes to: the Actions group of the form command bar or of the main grid. */
export function locationOf(table: string, location: Location): string {
  return `Mscrm.${area(location)}.${table}.MainTab.Actions.Controls._children`;
}

export function ribbonDiffXml(r: TableRibbon): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>', '<!-- Generated by scripts/build-webresources.ts from webresources/build/ribbon.ts. Do not edit. -->', '<RibbonDiffXml>', '  <CustomActions>'];
  r.commands.forEach((c, i) => {
    const id = ids(r.table, c);
    const sequence = 900 + i * 10;
    out.push(
      `    <CustomAction Id="${id.action}" Location="${locationOf(r.table, c.location)}" Sequence="${sequence}">`,
      '      <CommandUIDefinition>',
      `        <Button Id="${id.button}" Command="${id.command}" Sequence="${sequence}" TemplateAlias="o1" LabelText="$LocLabels:${locLabelId(r.table, c.label)}" Alt="$LocLabels:${locLabelId(r.table, c.label)}" ToolTipTitle="$LocLabels:${locLabelId(r.table, c.label)}" ToolTipDescription="$LocLabels:${locLabelId(r.table, c.tooltip)}"${c.image ? ` ModernImage="${c.image}"` : ''} />`,
      '      </CommandUIDefinition>',
      '    </CustomAction>',
    );
  });
  out.push('  </CustomActions>', '  <Templates>', '    <RibbonTemplates Id="Mscrm.Templates" />', '  </Templates>', '  <CommandDefinitions>');
  for (const c of r.commands) {
    const id = ids(r.table, c);
    const parameters = c.parameters ?? [c.location === 'form' ? 'PrimaryControl' : 'SelectedControlSelectedItemIds'];
    out.push(`    <CommandDefinition Id="${id.command}">`, '      <EnableRules>');
    if (c.location === 'grid' && c.needsSelection !== false) out.push(`        <EnableRule Id="${selectionRuleId(r.table)}" />`);
    out.push(`        <EnableRule Id="${id.enable}" />`, '      </EnableRules>', '      <DisplayRules>');
    if (c.location === 'form') out.push(`        <DisplayRule Id="${notNewRuleId(r.table)}" />`);
    for (const p of c.privileges) out.push(`        <DisplayRule Id="${privilegeRuleId(r.table, p)}" />`);
    out.push(
      '      </DisplayRules>',
      '      <Actions>',
      `        <JavaScriptFunction FunctionName="${c.functionName}" Library="$webresource:${r.library}">`,
      ...parameters.map((p) => `          <CrmParameter Value="${p}" />`),
      '        </JavaScriptFunction>',
      '      </Actions>',
      '    </CommandDefinition>',
    );
  }
  out.push('  </CommandDefinitions>', '  <RuleDefinitions>', '    <TabDisplayRules />', '    <DisplayRules>');
  if (r.commands.some((c) => c.location === 'form')) {
    out.push(`      <DisplayRule Id="${notNewRuleId(r.table)}">`, '        <FormStateRule State="Create" InvertResult="true" />', '      </DisplayRule>');
  }
  const privileges = new Map<string, PrivilegeDisplayRule>();
  for (const c of r.commands) for (const p of c.privileges) privileges.set(privilegeRuleId(r.table, p), p);
  for (const [id, p] of privileges) {
    const target = p.entity === r.table ? 'AppliesTo="PrimaryEntity"' : `EntityName="${p.entity}"`;
    out.push(`      <DisplayRule Id="${id}">`, `        <EntityPrivilegeRule PrivilegeType="${p.type}" PrivilegeDepth="Basic" ${target} />`, '      </DisplayRule>');
  }
  out.push('    </DisplayRules>', '    <EnableRules>');
  if (r.commands.some((c) => c.location === 'grid' && c.needsSelection !== false)) {
    out.push(`      <EnableRule Id="${selectionRuleId(r.table)}">`, '        <SelectionCountRule AppliesTo="SelectedEntity" Minimum="1" />', '      </EnableRule>');
  }
  for (const c of r.commands) {
    const id = ids(r.table, c);
    out.push(
      `      <EnableRule Id="${id.enable}">`,
      `        <CustomRule FunctionName="${c.enableFunction}" Library="$webresource:${r.library}" Default="false">`,
      ...(c.location === 'form' ? ['          <CrmParameter Value="PrimaryControl" />'] : []),
      '        </CustomRule>',
      '      </EnableRule>',
    );
  }
  out.push('    </EnableRules>', '  </RuleDefinitions>', '  <LocLabels>');
  const labelKeys = [...new Set(r.commands.flatMap((c) => [c.label, c.tooltip]))];
  for (const key of labelKeys) {
    out.push(`    <LocLabel Id="${locLabelId(r.table, key)}">`, '      <Titles>');
    for (const lcid of [1033, 1036] as const) out.push(`        <Title description="${escapeXml(catalogs[lcid][key])}" languagecode="${lcid}" />`);
    out.push('      </Titles>', '    </LocLabel>');
  }
  out.push('  </LocLabels>', '</RibbonDiffXml>', '');
  return out.join('\n');
}

/** Relative path under solution/src → content. */
export function ribbonDiffFiles(): Record<string, string> {
  return Object.fromEntries(ribbons.map((r) => [`Entities/${r.folder}/RibbonDiff.xml`, ribbonDiffXml(r)]));
}
